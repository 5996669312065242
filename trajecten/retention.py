"""Anonymising registrations: one helper for a member who deletes their
account and for registrations past the retention period.

A registration stays for invoicing and for the history of the offer (seats,
statuses, prices, attendance), but stops saying who it was. Per field:

- kept: offer, status, waiting-list place, lunch, price, late cancellation,
  attendance at each session (SessionAttendance, with the editor who marked
  it), dates, and what finance needs to invoice and to answer
  questions about an invoice (organisation, invoice address, reference, VAT
  number): these describe the paying organisation and are needed for as
  long as the accounts are;
- blanked: the link to the member, dietary needs (may reveal health or
  religion), motivation and tie to the OCMW / CPAS (about the person),
  the reason for a refusal (about the person);
- history: every event stays; the member and the colleagues a seat was
  handed between lose their name on it (editors keep theirs: they acted in
  their role); e-mail addresses in notes are replaced;
- hand-overs: kept as events, without the colleague's address or account;
  an open invitation is withdrawn;
- evaluations: scores and comments stay for the results of the session,
  shown without name from then on;
- final assignment: status, extension and presentation slot stay; the
  editors' feedback, the title and summary of each version are blanked, and
  the files of every version are removed from storage once the transaction
  commits;
- stored files that no record points to (a deletion that failed, a worker
  killed between writing a file and recording it) are removed by
  `delete_unreferenced_files`, which the retention command runs.
"""

import logging
import posixpath
import re
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .assignments.services import remove_stored_files
from .models import (
    Assignment,
    AssignmentFile,
    AssignmentVersion,
    EvaluationAnswer,
    Registration,
    RegistrationEvent,
    Substitution,
    SubstitutionStatus,
)
from .registrations import cancel

logger = logging.getLogger(__name__)

EMAIL_ADDRESS = re.compile(r"[^\s@]+@[^\s@]+")
# Notes are internal (not translated): the placeholder is too.
REMOVED = "[removed]"


def scrub_addresses(text):
    return EMAIL_ADDRESS.sub(REMOVED, text)


# Rows handled per batch: keeps each `IN (...)` under SQLite's variable limit.
BATCH_SIZE = 500


def anonymise_registrations(registrations, *, now=None):
    """Remove the personal data of these registrations (a queryset); those
    already anonymised are left alone. Returns counts, without personal data."""
    now = now or timezone.now()
    counts = {"registrations_anonymised": 0, "assignment_files_deleted": 0}
    with transaction.atomic():
        ids = list(registrations.not_anonymised().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH_SIZE):
            for name, count in _anonymise_batch(ids[start : start + BATCH_SIZE], now).items():
                counts[name] += count
    return counts


def _anonymise_batch(ids, now):
    # Locked by primary key: the caller's queryset may join the offer, and
    # PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    ids = list(
        Registration.objects.select_for_update()
        .filter(pk__in=ids)
        .not_anonymised()
        .values_list("pk", flat=True)
    )
    if not ids:
        return {}

    # The member, and the colleagues the seat was handed between, lose their
    # name on the history; editors keep theirs.
    holder = Registration.objects.filter(pk=OuterRef("registration"), user=OuterRef("actor"))
    handed_between = Substitution.objects.filter(registration=OuterRef("registration")).filter(
        Q(invited_by=OuterRef("actor")) | Q(accepted_by=OuterRef("actor"))
    )
    events = RegistrationEvent.objects.filter(registration__in=ids)
    events.filter(Exists(holder) | Exists(handed_between)).update(actor=None)
    scrubbed = []
    for event in events.filter(note__contains="@"):
        event.note = scrub_addresses(event.note)
        scrubbed.append(event)
    RegistrationEvent.objects.bulk_update(scrubbed, ["note"])

    substitutions = Substitution.objects.filter(registration__in=ids)
    substitutions.filter(status=SubstitutionStatus.INVITED).update(
        status=SubstitutionStatus.WITHDRAWN
    )
    substitutions.update(email="", invited_by=None, accepted_by=None)

    EvaluationAnswer.objects.filter(registration__in=ids).update(anonymous=True)
    Assignment.objects.filter(registration__in=ids).update(feedback="", updated_at=now)
    AssignmentVersion.objects.filter(assignment__registration__in=ids).update(
        title="", summary="", publish_summary=False
    )
    files = AssignmentFile.objects.filter(version__assignment__registration__in=ids)
    names = [name for name in files.values_list("file", flat=True) if name]
    files_deleted = files.delete()[1].get(AssignmentFile._meta.label, 0)
    # Removed once the rows are surely gone; what cannot be removed then is
    # left for delete_unreferenced_files, run with the retention period.
    transaction.on_commit(lambda: remove_stored_files(names))

    Registration.objects.filter(pk__in=ids).update(
        user=None,
        dietary_needs="",
        motivation="",
        tie_to_ocmw="",
        refusal_reason="",
        anonymised_at=now,
        updated_at=now,
    )
    return {"registrations_anonymised": len(ids), "assignment_files_deleted": files_deleted}


def years_before(moment, years):
    """The same calendar day `years` earlier (28 February for 29 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def old_registrations(*, years, now=None):
    """Registrations not yet anonymised whose session or edition ended more than `years` ago."""
    cutoff = years_before(now or timezone.now(), years)
    return Registration.objects.not_anonymised().ended_before(cutoff)


def anonymise_old_registrations(*, years, now=None, dry_run=False):
    """The retention period: returns how many registrations are (or would be) anonymised."""
    now = now or timezone.now()
    registrations = old_registrations(years=years, now=now)
    if dry_run:
        return registrations.count()
    return anonymise_registrations(registrations, now=now)["registrations_anonymised"]


# An upload writes its files just before the transaction that records them:
# a file younger than this may belong to a record about to be committed.
UNREFERENCED_GRACE = timedelta(days=1)


def unreferenced_files(*, now=None):
    """Names of stored assignment files that no record points to and that
    are older than UNREFERENCED_GRACE."""
    now = now or timezone.now()
    field = AssignmentFile._meta.get_field("file")
    storage = field.storage
    # The folder the field stores in ("assignments"), asked of the field itself.
    folder = posixpath.dirname(field.generate_filename(None, "probe"))
    try:
        _folders, names = storage.listdir(folder)
    except FileNotFoundError:
        return []
    referenced = set(AssignmentFile.objects.values_list("file", flat=True))
    found = []
    for path in (posixpath.join(folder, name) for name in sorted(names)):
        if path in referenced:
            continue
        try:
            if storage.get_modified_time(path) < now - UNREFERENCED_GRACE:
                found.append(path)
        except FileNotFoundError:
            continue  # removed meanwhile
    return found


def delete_unreferenced_files(*, now=None, dry_run=False):
    """Remove stored assignment files that no record points to; returns how many."""
    names = unreferenced_files(now=now)
    if not dry_run:
        remove_stored_files(names)
    return len(names)


def _any_of(lookup, values):
    condition = Q(pk__in=[])
    for value in values:
        condition |= Q(**{lookup: value})
    return condition


def forget_member(*, user, addresses, now=None):
    """A member deletes their account: their seats for what has not ended are
    given up (so the waiting list moves on; a late cancellation keeps its fee
    due), every registration of theirs is anonymised, and their addresses
    are removed from the history and hand-overs of other members' seats."""
    now = now or timezone.now()
    addresses = {address for address in addresses if address} or {user.email}
    with transaction.atomic():
        upcoming = Registration.objects.of_member(user).active().not_ended(now)
        cancelled = 0
        for registration in list(upcoming):
            cancel(registration=registration, by=user, confirm_late=True, now=now)
            cancelled += 1
        counts = anonymise_registrations(Registration.objects.of_member(user), now=now)

        # Their addresses in other members' seats: a note "taken over from ...",
        # an invitation sent to them.
        pattern = re.compile("|".join(re.escape(a) for a in addresses), re.IGNORECASE)
        notes = []
        for event in RegistrationEvent.objects.filter(_any_of("note__icontains", addresses)):
            event.note = pattern.sub(REMOVED, event.note)
            notes.append(event)
        RegistrationEvent.objects.bulk_update(notes, ["note"])
        invitations = Substitution.objects.filter(_any_of("email__iexact", addresses))
        invitations.filter(status=SubstitutionStatus.INVITED).update(
            status=SubstitutionStatus.WITHDRAWN
        )
        invitations_anonymised = invitations.update(email="")
    return {
        "registrations_cancelled": cancelled,
        **counts,
        "history_notes_scrubbed": len(notes),
        "invitations_anonymised": invitations_anonymised,
    }
