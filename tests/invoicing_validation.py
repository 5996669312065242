"""Runs a UBL file through the official validation rules (vendored in
tests/vendor/peppol/, see its README): the CEN EN 16931 rules for UBL and
the Peppol BIS Billing 3.0 rules, both as XSLT run by Saxon-HE (saxonche).

validation_errors() gives every failed rule as (set, id, flag, text);
fatal_errors() only those a receiving access point would refuse."""

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from saxonche import PySaxonProcessor

VENDOR = Path(__file__).parent / "vendor" / "peppol"
RULE_SETS = {
    "EN16931": VENDOR / "EN16931-UBL-validation.xslt",
    "PEPPOL": VENDOR / "PEPPOL-EN16931-UBL.xslt",
}
SVRL = "http://purl.oclc.org/dsdl/svrl"


@dataclass(frozen=True)
class Failure:
    rule_set: str
    id: str
    flag: str
    text: str

    def __str__(self):
        return f"{self.rule_set} {self.id} ({self.flag}): {self.text}"


@cache
def _processor():
    return PySaxonProcessor(license=False)


@cache
def _executable(rule_set: str):
    compiler = _processor().new_xslt30_processor()
    return compiler.compile_stylesheet(stylesheet_file=str(RULE_SETS[rule_set]))


def validation_errors(xml: bytes) -> list[Failure]:
    processor = _processor()
    source = processor.parse_xml(xml_text=xml.decode("utf-8"))
    failures = []
    for rule_set in RULE_SETS:
        report = _executable(rule_set).transform_to_string(xdm_node=source)
        root = ET.fromstring(report.encode("utf-8"))
        for tag in ("failed-assert", "successful-report"):
            for element in root.iter(f"{{{SVRL}}}{tag}"):
                text = " ".join("".join(element.itertext()).split())
                failures.append(
                    Failure(rule_set, element.get("id", ""), element.get("flag", ""), text)
                )
    return failures


def fatal_errors(xml: bytes) -> list[Failure]:
    return [failure for failure in validation_errors(xml) if failure.flag in ("fatal", "")]
