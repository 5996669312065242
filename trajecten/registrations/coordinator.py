"""A training coordinator registers colleagues of their organisation, several
at once for one session or edition, and replaces one colleague by another.
A coordinator acts for their own organisation only: anyone else is refused
before anything is written."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.notifications import MailKind, notify

from ..models import Registration, RegistrationStatus
from . import rules
from .errors import RegistrationError
from .records import locked_offer, locked_registration, log, seat_or_waiting_list, set_status
from .registering import _price, check_not_registered
from .substitution import _check_no_assignment_handed_in


@dataclass
class BatchResult:
    """What a batch registration did: the new registrations, and the
    colleagues left out because they were registered already."""

    registrations: list = field(default_factory=list)
    already_registered: list = field(default_factory=list)


def coordinated_by(coordinator):
    """The organisation `coordinator` acts for, or a refusal."""
    organisation = coordinator.profile.coordinates
    if organisation is None:
        raise RegistrationError(
            _("Only the training coordinator of an approved organisation can do this."),
            code="not_coordinator",
        )
    return organisation


def colleagues_of(coordinator):
    """The members of the organisation the coordinator acts for (themselves
    left out), by name; nobody when they coordinate nothing."""
    organisation = coordinator.profile.coordinates
    if organisation is None:
        return User.objects.none()
    return (
        User.objects.filter(profile__organisation=organisation, is_active=True)
        .exclude(pk=coordinator.pk)
        .select_related("profile")
        .order_by("last_name", "first_name", "email")
    )


def _check_colleagues(coordinator, organisation, colleagues):
    outside = [
        c
        for c in colleagues
        if c.pk == coordinator.pk or c.profile.organisation_id != organisation.pk
    ]
    if outside:
        raise RegistrationError(
            _("You can only register colleagues of your own organisation."),
            code="outside_organisation",
            field="colleagues",
        )


def _organisation_name(organisation):
    """The organisation's name in the language of its invoices."""
    if organisation.language == "fr" and organisation.name_fr:
        return organisation.name_fr
    return organisation.name_nl


def _register_colleagues(*, coordinator, colleagues, session, edition, with_lunch, reference, now):
    organisation = coordinated_by(coordinator)
    # Seated in the order given (the form lists them by name).
    found = User.objects.select_related("profile").in_bulk([c.pk for c in colleagues])
    colleagues = list(dict.fromkeys(found[c.pk] for c in colleagues if c.pk in found))
    if not colleagues:
        raise RegistrationError(
            _("Choose at least one colleague."), code="no_colleagues", field="colleagues"
        )
    _check_colleagues(coordinator, organisation, colleagues)
    now = now or timezone.now()
    reference = (organisation.purchase_order_reference if reference is None else reference).strip()
    result = BatchResult()
    with transaction.atomic():
        # Locked once: every seat below is counted under this lock, so a
        # member registering alone at the same moment waits for the batch.
        session, edition = locked_offer(session=session, edition=edition)
        refusal = rules.why_closed(session=session, edition=edition, now=now)
        if refusal is not None:
            raise refusal
        price = _price(session, edition, with_lunch)
        registered = set(
            Registration.objects.for_offer(session=session, edition=edition)
            .active()
            .filter(user__in=colleagues)
            .values_list("user_id", flat=True)
        )
        for colleague in colleagues:
            if colleague.pk in registered:
                result.already_registered.append(colleague)
                continue
            registration = Registration(
                user=colleague,
                session=session,
                edition=edition,
                with_lunch=with_lunch,
                price_due=price,
                organisation=organisation,
                registered_by=coordinator,
                billing_organisation=_organisation_name(organisation),
                billing_address=organisation.invoice_address,
                billing_reference=reference,
                status="",
            )
            note = f"registered by coordinator {coordinator.email}"
            try:
                with transaction.atomic(savepoint=False):
                    if colleague.profile.registers_directly:
                        seat_or_waiting_list(registration, session, edition, coordinator, note)
                    else:
                        set_status(registration, RegistrationStatus.PENDING, coordinator, note)
            except IntegrityError as error:
                raise RegistrationError(
                    _("A colleague was registered for this meanwhile. Try again."),
                    code="duplicate",
                ) from error
            notify(MailKind.REGISTERED_BY_COORDINATOR, registration=registration.pk)
            if registration.status == RegistrationStatus.PENDING:
                notify(MailKind.NEW_REQUEST, registration=registration.pk)
            result.registrations.append(registration)
    return result


def register_colleagues_for_session(
    *, coordinator, colleagues, session, with_lunch=False, reference=None, now=None
):
    """Register `colleagues` for the session in one go; `reference` is the
    purchase-order reference of the whole batch (None: the organisation's)."""
    return _register_colleagues(
        coordinator=coordinator,
        colleagues=colleagues,
        session=session,
        edition=None,
        with_lunch=with_lunch,
        reference=reference,
        now=now,
    )


def register_colleagues_for_edition(*, coordinator, colleagues, edition, reference=None, now=None):
    return _register_colleagues(
        coordinator=coordinator,
        colleagues=colleagues,
        session=None,
        edition=edition,
        with_lunch=False,
        reference=reference,
        now=now,
    )


def replace_colleague(*, coordinator, registration, colleague):
    """The seat of one colleague goes to another, as a hand-over does
    (rules.may_replace), without passing through the waiting list."""
    organisation = coordinated_by(coordinator)
    colleague = User.objects.select_related("profile").get(pk=colleague.pk)
    with transaction.atomic():
        registration, session, edition = locked_registration(registration)
        previous = registration.user
        if (
            previous is None
            or previous.profile.organisation_id != organisation.pk
            or colleague.profile.organisation_id != organisation.pk
        ):
            raise RegistrationError(
                _("You can only replace colleagues of your own organisation."),
                code="outside_organisation",
                field="colleague",
            )
        if registration.status != RegistrationStatus.CONFIRMED:
            raise RegistrationError(
                _("Only a confirmed seat can be handed to a colleague."), code="not_confirmed"
            )
        _check_no_assignment_handed_in(registration)
        if colleague.pk == previous.pk:
            raise RegistrationError(
                _("Choose another colleague than the one who has the seat."),
                code="self",
                field="colleague",
            )
        if not rules.may_replace(previous, colleague):
            raise RegistrationError(
                rules.who_may_replace(previous)
                if not previous.profile.works_for_ocmw
                else _(
                    "An employee of an OCMW / CPAS can only be replaced by another employee "
                    "of an OCMW / CPAS."
                ),
                code="not_eligible",
                field="colleague",
            )
        check_not_registered(
            colleague,
            session,
            edition,
            field="colleague",
            message=gettext("%(name)s is already registered for this.")
            % {"name": colleague.get_full_name() or colleague.email},
        )
        registration.user = colleague
        registration.registered_by = coordinator
        registration.dietary_needs = ""
        registration.motivation = ""
        registration.tie_to_ocmw = ""
        registration.save(
            update_fields=[
                "user",
                "registered_by",
                "dietary_needs",
                "motivation",
                "tie_to_ocmw",
                "updated_at",
            ]
        )
        log(
            registration,
            coordinator,
            note=f"{previous.email} replaced by {colleague.email} by coordinator {coordinator.email}",
        )
        notify(MailKind.SUBSTITUTION_ACCEPTED, registration=registration.pk, previous=previous.pk)
    return registration
