"""Invoices in the Wagtail admin (/admin/invoices/): the listing with its
filters, each invoice's page with its lines, PDF and UBL downloads, the
actions "Mark as paid" and "Make a credit note", and the export of a period
as a spreadsheet (CSV) or as the UBL files in one ZIP."""

import csv
import io
import zipfile
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from home.templatetags.formatting import day, euro

from .invoicing import peppol
from .invoicing.pdf import filename, invoice_pdf
from .invoicing.records import document_of
from .invoicing.services import InvoiceError, credit, mark_paid
from .invoicing.ubl import ubl_xml
from .models import Invoice, InvoiceStatus

VIEW = "trajecten.view_invoice"
CHANGE = "trajecten.change_invoice"
CSV_DELIMITER = ";"


def ubl_of(invoice):
    """The UBL file (Peppol BIS Billing 3.0) of the invoice or credit note."""
    return ubl_xml(document_of(invoice))


class InvoiceIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organisation")

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                gettext_lazy("Export a period"), url=reverse("invoice_export"), icon_name="download"
            )
        ]

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "number",
                label=gettext_lazy("Number"),
                get_url=lambda invoice: reverse("invoice_detail", args=[invoice.pk]),
            ),
            Column("kind", label=gettext_lazy("Kind"), accessor="get_kind_display"),
            Column("buyer_name", label=gettext_lazy("Organisation")),
            Column("issue_date", label=gettext_lazy("Date"), accessor=lambda i: day(i.issue_date)),
            Column("due_date", label=gettext_lazy("Due date"), accessor=lambda i: day(i.due_date)),
            Column("total", label=gettext_lazy("Total"), accessor=lambda i: euro(i.total)),
            Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        ]


class InvoiceViewSet(ModelViewSet):
    model = Invoice
    icon = "doc-full"
    menu_label = gettext_lazy("Invoices")
    add_to_admin_menu = True
    menu_order = 310
    index_view_class = InvoiceIndexView
    search_backend_name = None
    search_fields = ["number", "buyer_name", "purchase_order"]
    list_filter = ["status", "kind", "organisation", "issue_date"]
    copy_view_enabled = False
    inspect_view_enabled = False
    # Unused (invoices are made by the rules, not typed) but required by ModelViewSet.
    form_fields = ["status"]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(add_url_name=None, delete_url_name=None, edit_url_name=None)
        return view_kwargs

    def get_urlpatterns(self):
        # Invoices are never added, edited or deleted by hand: a credit note corrects them.
        return [p for p in super().get_urlpatterns() if p.name in {"index", "index_results"}]


invoice_viewset = InvoiceViewSet("invoices")


def _invoice(pk):
    return get_object_or_404(Invoice.objects.select_related("organisation", "corrects"), id=pk)


@permission_required(VIEW, raise_exception=True)
@require_GET
def invoice_detail(request, pk):
    invoice = _invoice(pk)
    return TemplateResponse(
        request,
        "trajecten/admin/invoice.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.select_related("registration"),
            "credit_note": getattr(invoice, "credit_note", None)
            if not invoice.is_credit_note
            else None,
            "header_title": f"{invoice.get_kind_display()} {invoice.number}",
            "can_change": request.user.has_perm(CHANGE),
            "peppol_configured": peppol.is_configured(),
        },
    )


@permission_required(VIEW, raise_exception=True)
@require_GET
def invoice_pdf_view(request, pk):
    invoice = _invoice(pk)
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename(invoice))
    return response


@permission_required(VIEW, raise_exception=True)
@require_GET
def invoice_ubl_view(request, pk):
    invoice = _invoice(pk)
    response = HttpResponse(ubl_of(invoice), content_type="application/xml")
    response["Content-Disposition"] = content_disposition_header(True, f"{invoice.number}.xml")
    return response


def _act(request, pk, action):
    invoice = _invoice(pk)
    try:
        result = action(invoice)
    except InvoiceError as error:
        messages.error(request, str(error.message))
        return redirect("invoice_detail", pk=invoice.pk)
    return result


@permission_required(CHANGE, raise_exception=True)
@require_POST
def invoice_mark_paid(request, pk):
    def paid(invoice):
        mark_paid(invoice, actor=request.user)
        messages.success(request, _("Invoice %(number)s is paid.") % {"number": invoice.number})
        return redirect("invoice_detail", pk=invoice.pk)

    return _act(request, pk, paid)


@permission_required(CHANGE, raise_exception=True)
@require_POST
def invoice_credit(request, pk):
    def credited(invoice):
        if not request.POST.get("confirm"):
            raise InvoiceError(
                _("Tick the box to confirm the credit note."), code="confirm", field="confirm"
            )
        note = credit(
            invoice,
            reason=request.POST.get("reason", ""),
            actor=request.user,
            waive=request.POST.get("after") == "waive",
        )
        messages.success(
            request,
            _("Credit note %(note)s cancels invoice %(number)s.")
            % {"note": note.number, "number": invoice.number},
        )
        return redirect("invoice_detail", pk=note.pk)

    return _act(request, pk, credited)


@permission_required(CHANGE, raise_exception=True)
@require_POST
def invoice_send_by_peppol(request, pk):
    """Hands the UBL file to the configured access point and says what it
    answered: sent only when it took the file (never pretended)."""
    invoice = _invoice(pk)
    result = peppol.send(document_of(invoice))
    if result.sent:
        messages.success(request, result.message)
    else:
        detail = f" ({result.http_status}: {result.answer[:200]})" if result.http_status else ""
        messages.error(request, f"{result.message}{detail}")
    return redirect("invoice_detail", pk=invoice.pk)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("Until"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(gettext_lazy("The period ends before it starts."))
        return data


def in_period(start: date, end: date):
    return (
        Invoice.objects.filter(issue_date__gte=start, issue_date__lte=end)
        .select_related("organisation", "corrects")
        .order_by("issue_date", "number")
    )


def invoices_csv(invoices):
    out = io.StringIO()
    # The byte order mark makes spreadsheet programs read the accents right.
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=CSV_DELIMITER)
    writer.writerow(
        [
            _("Number"),
            _("Kind"),
            _("Date"),
            _("Due date"),
            _("Organisation"),
            _("Enterprise number"),
            _("Purchase order"),
            _("Total without VAT"),
            _("VAT"),
            _("Total"),
            _("Status"),
            _("Paid at"),
            _("Corrects invoice"),
        ]
    )
    for invoice in invoices:
        writer.writerow(
            [
                invoice.number,
                invoice.get_kind_display(),
                invoice.issue_date.isoformat(),
                invoice.due_date.isoformat(),
                invoice.buyer_name,
                invoice.buyer_enterprise_number,
                invoice.purchase_order,
                # Decimal commas: what a Belgian spreadsheet reads as a number.
                str(invoice.total_without_vat).replace(".", ","),
                str(invoice.vat_amount).replace(".", ","),
                str(invoice.total).replace(".", ","),
                invoice.get_status_display(),
                invoice.paid_at.date().isoformat() if invoice.paid_at else "",
                invoice.corrects.number if invoice.corrects_id else "",
            ]
        )
    return out.getvalue()


def invoices_zip(invoices):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for invoice in invoices:
            archive.writestr(f"{invoice.number}.xml", ubl_of(invoice))
    return buffer.getvalue()


@permission_required(VIEW, raise_exception=True)
@require_http_methods(["GET"])
def invoice_export(request):
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        invoices = in_period(start, end)
        name = f"{_('invoices')}-{start.isoformat()}-{end.isoformat()}"
        if request.GET.get("format") == "zip":
            response = HttpResponse(invoices_zip(invoices), content_type="application/zip")
            response["Content-Disposition"] = content_disposition_header(True, f"{name}.zip")
            return response
        response = HttpResponse(invoices_csv(invoices), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.csv")
        return response
    return TemplateResponse(
        request,
        "trajecten/admin/invoice_export.html",
        {"form": form, "header_title": _("Export invoices of a period")},
    )


def urls():
    return [
        path("invoices/<int:pk>/", invoice_detail, name="invoice_detail"),
        path("invoices/<int:pk>/pdf/", invoice_pdf_view, name="invoice_pdf"),
        path("invoices/<int:pk>/ubl/", invoice_ubl_view, name="invoice_ubl"),
        path("invoices/<int:pk>/paid/", invoice_mark_paid, name="invoice_mark_paid"),
        path("invoices/<int:pk>/credit/", invoice_credit, name="invoice_credit"),
        path("invoices/<int:pk>/peppol/", invoice_send_by_peppol, name="invoice_peppol"),
        path("invoices/export/", invoice_export, name="invoice_export"),
    ]


class PastDueInvoicesPanel(Component):
    """On the admin home: how many invoices are past their due date, unpaid."""

    name = "past_due_invoices"
    order = 95
    template_name = "trajecten/admin/past_due_invoices_panel.html"

    def __init__(self, count):
        self.count = count

    def get_context_data(self, parent_context=None):
        url = reverse(invoice_viewset.get_url_name("index"))
        return {"count": self.count, "url": f"{url}?status={InvoiceStatus.OPEN}"}


def past_due_panel(request):
    if not request.user.has_perm(VIEW):
        return None
    count = Invoice.objects.past_due(timezone.localdate()).count()
    return PastDueInvoicesPanel(count) if count else None
