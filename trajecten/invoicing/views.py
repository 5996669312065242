"""The member's side of invoices: the PDF of an invoice that bills only
their own registrations. An invoice gathered for the organisation names
colleagues too: the member sees its number, and finance sends it."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from ..models import Invoice
from .pdf import filename, invoice_pdf


@login_required
@require_GET
def member_invoice_pdf(request, pk):
    others = Count("lines", filter=~Q(lines__registration__user=request.user))
    invoice = get_object_or_404(
        Invoice.objects.annotate(others=others).filter(others=0, lines__isnull=False).distinct(),
        id=pk,
    )
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename(invoice))
    return response
