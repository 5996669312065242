"""The member's download, and the public page that tells anyone whether a
certificate is genuine and still valid."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..models import Certificate, Registration
from ..registrations import RegistrationError
from .pdf import certificate_pdf, described
from .services import certificate_for

CODE = re.compile(rf"[{Certificate.CODE_ALPHABET}]{{{Certificate.CODE_LENGTH}}}")


@login_required
@require_GET
def download(request, pk):
    """The member's own certificate (anyone else's registration: 404)."""
    registration = get_object_or_404(Registration, pk=pk, user=request.user)
    try:
        certificate = certificate_for(registration)
    except RegistrationError as refusal:
        messages.error(request, refusal.message)
        return redirect("registration_detail", pk=registration.pk)
    language = translation.get_language()
    pdf = certificate_pdf(certificate, language)
    filename = f"{slugify(_('Certificate'))}-{certificate.code}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private"
    return response


# Never kept in the page cache: a revocation shows at once.
@never_cache
@require_GET
def check(request, code):
    """Genuine or revoked, with only what the certificate itself says."""
    if not CODE.fullmatch(code):
        raise Http404
    certificate = get_object_or_404(
        Certificate.objects.select_related("registration__user"), code=code
    )
    return render(
        request,
        "trajecten/certificate_check.html",
        described(certificate, translation.get_language()),
    )
