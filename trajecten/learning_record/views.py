"""The member's learning record: the page, and its PDF and CSV downloads."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..views import _catalogue_url
from .export import record_csv, record_pdf, with_certificates
from .record import learning_record


def _download(content, content_type, extension):
    filename = f"{slugify(_('Learning record'))}-{timezone.localdate().isoformat()}.{extension}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private"
    return response


@login_required
@require_GET
def page(request):
    return render(
        request,
        "trajecten/member/learning_record.html",
        {"record": learning_record(request.user), "offer_url": _catalogue_url(request)},
    )


@login_required
@require_GET
def pdf(request):
    record = with_certificates(learning_record(request.user))
    content = record_pdf(record, request.user, translation.get_language())
    return _download(content, "application/pdf", "pdf")


@login_required
@require_GET
def csv(request):
    record = with_certificates(learning_record(request.user))
    content = record_csv(record, translation.get_language())
    return _download(content.encode("utf-8"), "text/csv; charset=utf-8", "csv")
