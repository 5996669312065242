"""The learning record for an employer: a PDF (WeasyPrint, real text) and a
CSV that Excel opens, both in the member's language."""

import csv
import io

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from portal.addresses import absolute_url

from ..certificates import certificate_for
from ..sign_in_sheet import _FetchesNothing

# Excel in Belgium reads ";" as the list separator ("," is the decimal comma)
# and a file without a byte order mark as ANSI: é and ç would break.
CSV_DELIMITER = ";"
BOM = "\ufeff"


def with_certificates(record):
    """Issue the certificates the rule gives but the member never
    downloaded, so that the record names every code an employer may check."""
    for entry in record.entries:
        if entry.may_download and entry.certificate is None:
            entry.certificate = certificate_for(entry.registration)
    return record


def check_address(certificate):
    return absolute_url(reverse("certificate_check", args=[certificate.code]))


def record_pdf(record, user, language):
    with translation.override(language):
        for entry in record.entries:
            entry.check_address = check_address(entry.certificate) if entry.certificate else ""
        html = render_to_string(
            "trajecten/learning_record.html",
            {
                "record": record,
                "name": user.get_full_name(),
                "organisation": getattr(getattr(user, "profile", None), "organisation_name", ""),
                "issued_on": timezone.localdate(),
                "language": language,
            },
        )
    return HTML(string=html, url_fetcher=_FetchesNothing()).write_pdf()


def _hours(value):
    return formats.number_format(value, decimal_pos=2)


def record_csv(record, language):
    """One row per attended entry, with a header row; text, UTF-8 with a BOM."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=CSV_DELIMITER)
    with translation.override(language):
        writer.writerow(
            [
                _("First date"),
                _("Last date"),
                _("Training"),
                _("Hours attended"),
                _("Themes"),
                _("Verification code"),
                _("Check address"),
            ]
        )
        for entry in record.entries:
            certificate = entry.certificate
            writer.writerow(
                [
                    timezone.localdate(entry.first.starts_at).isoformat(),
                    timezone.localdate(entry.last.starts_at).isoformat(),
                    entry.title,
                    _hours(entry.hours),
                    ", ".join(entry.themes),
                    certificate.code if certificate else "",
                    check_address(certificate) if certificate else "",
                ]
            )
    return out.getvalue()
