"""Registrations while the connection to PostgreSQL is cut and restored, as
in a restart of the server: every member gets an answer, nothing is half
written or overbooked, and the task worker carries on afterwards."""

import threading
import time

from .harness import answer_of, wait_until

FORM = {
    "with_lunch": "no",
    "billing_organisation": "OCMW Gent",
    "billing_address": "Onderbergen 86, 9000 Gent",
}
# Members send their forms one every SPACING seconds; the connection is
# cut after CUT_AFTER seconds, for CUT_SECONDS: some register before, some
# during, some after.
MEMBERS = 12
SPACING = 0.2
CUT_AFTER = 0.7
CUT_SECONDS = 1.5


def _registrations(portal, session_id):
    return portal.sql(
        """
        SELECT u.email, r.status, r.waitlist_rank,
               (SELECT count(*) FROM trajecten_registrationevent e WHERE e.registration_id = r.id)
        FROM trajecten_registration r JOIN accounts_user u ON u.id = r.user_id
        WHERE r.session_id = %s ORDER BY r.created_at, r.id
        """,
        session_id,
    )


def _with_mail_in_outbox(portal, addresses):
    rows = portal.sql(
        "SELECT recipients FROM outbox_outgoingmail WHERE created_at > now() - interval '1 hour'"
    )
    found = {line for (recipients,) in rows for line in recipients.splitlines()}
    return set(addresses) & found


def test_registrations_across_a_database_restart_leave_no_half_written_rows(fault_portal):
    portal = fault_portal
    path = portal.scenery["paths"]["register_small"]
    session = portal.scenery["small_session"]
    members = [portal.member(index) for index in range(MEMBERS)]
    emails = [portal.scenery["members"][index]["email"] for index in range(MEMBERS)]
    tokens = [member.csrf_token(path) for member in members]
    answers = [None] * MEMBERS
    sent_at = [None] * MEMBERS
    start = time.monotonic()

    def register(index):
        time.sleep(index * SPACING)
        sent_at[index] = time.monotonic() - start
        answers[index] = answer_of(lambda: members[index].post(path, FORM, token=tokens[index]))

    threads = [threading.Thread(target=register, args=(index,)) for index in range(MEMBERS)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(CUT_AFTER)
        portal.database_proxy.cut()
        cut_at = time.monotonic() - start
        time.sleep(CUT_SECONDS)
    finally:
        portal.database_proxy.restore()
    restored_at = time.monotonic() - start
    for thread in threads:
        thread.join()

    # Every member got an answer: an error page during the cut, never a hang.
    assert all(isinstance(answer, int) for answer in answers), answers
    assert any(cut_at <= moment <= restored_at for moment in sent_at), (sent_at, cut_at)
    # Whoever did not get through tries again, and gets through (or is told
    # that the first attempt did count).
    for index, answer in enumerate(answers):
        if answer != 302:
            again = answer_of(lambda: members[index].post(path, FORM))  # noqa: B023
            assert again in (200, 302), f"after the restart, a member's new try gave {again}"

    registrations = _registrations(portal, session["id"])
    assert sorted(email for email, *_rest in registrations) == sorted(emails), (
        "each member is registered exactly once"
    )
    assert all(events >= 1 for *_rest, events in registrations), (
        f"registrations without their history event: {registrations}"
    )
    confirmed = [row for row in registrations if row[1] == "confirmed"]
    waiting_ranks = [
        rank for _email, status, rank, _events in registrations if status == "waitlisted"
    ]
    assert len(confirmed) == session["capacity"], registrations
    assert waiting_ranks == list(range(1, MEMBERS - session["capacity"] + 1)), registrations
    # The worker lived through it.
    assert portal.worker.poll() is None, "the task worker stopped during the restart"
    # No registration without its mail (written with it, or by the worker soon after).
    wait_until(
        lambda: _with_mail_in_outbox(portal, emails) == set(emails),
        seconds=20,
        message=lambda: (
            "registrations without their mail in the outbox: "
            f"{sorted(set(emails) - _with_mail_in_outbox(portal, emails))}; answers {answers}"
        ),
    )
    # And it does the work that came after.
    late = portal.member(MEMBERS)
    late_email = portal.scenery["members"][MEMBERS]["email"]
    assert late.post(path, FORM).status_code == 302
    wait_until(
        lambda: portal.sink.to(late_email),
        seconds=30,
        message="the worker did not deliver the mail of a registration made after the restart",
    )
