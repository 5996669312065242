"""A member registers for a session or a trajectory edition: confirmed
while seats are free, else on the waiting list; a member who does not
register directly (not an OCMW employee, not yet approved) sends a request
that an editor approves."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.notifications import MailKind, notify

from ..models import Registration, RegistrationStatus, TrainingPage
from . import rules
from .errors import RegistrationError
from .records import locked_offer, seat_or_waiting_list, set_status


@dataclass(frozen=True)
class InvoiceDetails:
    organisation: str = ""
    address: str = ""
    reference: str = ""
    vat_number: str = ""


def closed_reason(*, session=None, edition=None, now=None):
    """Why registration is closed for this session or edition, or None when it is open."""
    refusal = rules.why_closed(session=session, edition=edition, now=now or timezone.now())
    return refusal.message if refusal else None


def check_profile_complete(user):
    if not user.profile.is_complete:
        raise RegistrationError(
            _(
                "Complete your profile first: we need your organisation to handle your registration."
            ),
            code="profile_incomplete",
        )


def _check_member(user, motivation, tie_to_ocmw):
    check_profile_complete(user)
    if not user.profile.registers_directly:
        if not motivation.strip():
            raise RegistrationError(
                _("Tell us why you want to take part."),
                code="motivation_missing",
                field="motivation",
            )
        if not tie_to_ocmw.strip():
            raise RegistrationError(
                _("Tell us what ties you or your organisation to the OCMW / CPAS."),
                code="tie_missing",
                field="tie_to_ocmw",
            )


def _price(session, edition, with_lunch):
    if edition is not None:
        return edition.price
    page = session.page.specific
    if not isinstance(page, TrainingPage):
        return None
    if with_lunch:
        if page.price_with_lunch is None:
            raise RegistrationError(
                _("No lunch is offered at this training."), code="no_lunch", field="with_lunch"
            )
        return page.price_with_lunch
    return page.price


def check_invoice(price, invoice):
    """A paying seat needs the organisation and address the invoice goes to."""
    if not price:
        return
    if not invoice.organisation.strip():
        raise RegistrationError(
            _("Give the organisation we send the invoice to."),
            code="billing_missing",
            field="billing_organisation",
        )
    if not invoice.address.strip():
        raise RegistrationError(
            _("Give the address we send the invoice to."),
            code="billing_missing",
            field="billing_address",
        )


def invoiced_to(user, price, invoice):
    """Whom a seat is invoiced to, and with which details: the member's
    organisation once an editor approved it (its details as they are today;
    the member only adds a purchase-order reference), else what the member
    typed; a free seat is invoiced to nobody. A paying seat for an
    organisation still waiting for an editor, or refused, is refused: the
    invoice could go nowhere."""
    organisation = user.profile.organisation
    if organisation is None or not price:
        check_invoice(price, invoice)
        return None, invoice
    if not organisation.is_approved:
        raise RegistrationError(
            _(
                "Your organisation %(name)s is not approved by an editor yet. You can "
                "register for a paying session once it is; we tell you by mail."
            )
            % {"name": organisation.name},
            code="organisation_not_approved",
        )
    return organisation, InvoiceDetails(
        organisation=organisation.name,
        address=organisation.invoice_address,
        reference=invoice.reference.strip() or organisation.purchase_order_reference,
        vat_number=f"BE{organisation.enterprise_number}",
    )


def is_registered(user, session, edition):
    return (
        Registration.objects.for_offer(session=session, edition=edition)
        .active()
        .of_member(user)
        .exists()
    )


def check_not_registered(user, session, edition, *, field=None, message=None):
    if is_registered(user, session, edition):
        raise RegistrationError(
            message or _("You are already registered for this."), code="duplicate", field=field
        )


def _register(
    *, user, session, edition, with_lunch, invoice, dietary_needs, motivation, tie_to_ocmw, now
):
    now = now or timezone.now()
    with transaction.atomic():
        session, edition = locked_offer(session=session, edition=edition)
        refusal = rules.why_closed(session=session, edition=edition, now=now)
        if refusal is not None:
            raise refusal
        _check_member(user, motivation, tie_to_ocmw)
        price = _price(session, edition, with_lunch)
        organisation, invoice = invoiced_to(user, price, invoice)
        registration = Registration(
            user=user,
            organisation=organisation,
            session=session,
            edition=edition,
            with_lunch=with_lunch,
            price_due=price,
            billing_organisation=invoice.organisation.strip(),
            billing_address=invoice.address.strip(),
            billing_reference=invoice.reference.strip(),
            vat_number=invoice.vat_number.strip(),
            dietary_needs=dietary_needs.strip() if with_lunch else "",
            motivation=motivation.strip(),
            tie_to_ocmw=tie_to_ocmw.strip(),
            status="",
        )
        try:
            # No savepoint (two round trips in every registration): a
            # duplicate ends the whole transaction anyway.
            with transaction.atomic(savepoint=False):
                if user.profile.registers_directly:
                    status = seat_or_waiting_list(registration, session, edition, user)
                else:
                    status = RegistrationStatus.PENDING
                    set_status(registration, status, user)
        except IntegrityError as error:
            # The unique constraint is the guard against a double registration:
            # asking first would cost every registration a query (bench/registrations.py).
            raise RegistrationError(
                _("You are already registered for this."), code="duplicate"
            ) from error
        # confirmed, waitlisted or pending: the mail of each has the status's name.
        notify(MailKind(status), registration=registration.pk)
        if status == RegistrationStatus.PENDING:
            # A task of its own: a mail to the editors that cannot be
            # written fails there, never the member's request nor their mail.
            notify(MailKind.NEW_REQUEST, registration=registration.pk)
    return registration


def register_for_session(
    *,
    user,
    session,
    with_lunch=False,
    invoice=InvoiceDetails(),
    dietary_needs="",
    motivation="",
    tie_to_ocmw="",
    now=None,
):
    return _register(
        user=user,
        session=session,
        edition=None,
        with_lunch=with_lunch,
        invoice=invoice,
        dietary_needs=dietary_needs,
        motivation=motivation,
        tie_to_ocmw=tie_to_ocmw,
        now=now,
    )


def register_for_edition(
    *, user, edition, invoice=InvoiceDetails(), motivation="", tie_to_ocmw="", now=None
):
    return _register(
        user=user,
        session=None,
        edition=edition,
        with_lunch=False,
        invoice=invoice,
        dietary_needs="",
        motivation=motivation,
        tie_to_ocmw=tie_to_ocmw,
        now=now,
    )
