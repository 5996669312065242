"""The training coordinator's journey, in Dutch and in French: registering
two colleagues at once for a session, seeing them on "My team", and one
colleague declining from the link in their mail. Each step is looked at
(steps.look) at a desktop's and a phone's width."""

import re
import time

from playwright.sync_api import expect

from tests.browser.steps import (
    DEMO_TRAINING,
    Words,
    log_in,
    look,
    new_member,
    new_session,
    prepare,
    subject,
    text_of,
    unique_tag,
)


def member_menu(page, words):
    return page.get_by_role("navigation", name=words("Member area"))


def mail_to(portal, address, title, seconds=10):
    """The mail `address` received with the subject `title` (sent on commit, by the worker)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [m for m in portal.mails_to(address) if subject(m) == title]
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(f"no mail {title!r} to {address}")


def test_a_coordinator_registers_two_colleagues_and_one_declines(browser_page, portal, language):
    page, words = browser_page, Words(language)
    tag = unique_tag()
    coordinator, password, make_coordinator = new_member("Karim", f"Coördinator{tag}", language)
    make_coordinator = make_coordinator.replace(
        "MemberFactory(", "MemberFactory(profile__is_coordinator=True, "
    )
    anna, anna_password, make_anna = new_member("Anna", f"Aerts{tag}", language)
    bram, _bram_password, make_bram = new_member("Bram", f"Bos{tag}", language)
    venue = f"Zaal {tag}"
    made = prepare(
        portal,
        make_coordinator,
        make_anna,
        make_bram,
        new_session(DEMO_TRAINING, venue=venue, town="Gent", capacity=10, days_ahead=40),
        "result['uid'] = str(session.uid)",
    )

    log_in(page, coordinator, password, language=language)
    page.goto(words.url("team_register_session", uid=made["uid"]))
    expect(page.get_by_text(venue)).to_be_visible()
    page.get_by_label(f"Anna Aerts{tag}").check()
    page.get_by_label(f"Bram Bos{tag}").check()
    look(page, "register-colleagues")
    page.get_by_role("button", name=words("Register these colleagues")).click()

    expect(page.locator(".messages")).to_contain_text(f"Anna Aerts{tag}")
    expect(member_menu(page, words).get_by_role("link", name=words("My team"))).to_have_attribute(
        "aria-current", "page"
    )
    for name in (f"Anna Aerts{tag}", f"Bram Bos{tag}"):
        colleague = page.locator("section.team-member").filter(
            has=page.get_by_role("heading", name=name)
        )
        expect(colleague.get_by_text(words("Confirmed"))).to_be_visible()
    look(page, "my-team")

    # Anna cannot come: she declines from the link in her mail.
    mail = mail_to(portal, anna, words("Your training coordinator registered you"))
    link = re.search(r"https?://\S+/\d+/\S+/", text_of(mail)).group(0)
    page.context.clear_cookies()
    log_in(page, anna, anna_password, then=re.sub(r"^https?://[^/]+", "", link), language=language)
    look(page, "decline")
    page.get_by_role("button", name=words("Yes, cancel")).click()
    expect(page.locator(".messages")).to_contain_text(words("Your registration is cancelled."))
