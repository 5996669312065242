"""Every page of the demo a visitor or member can reach, in Dutch and French,
fetched in-process with Django's test client for the HTML checker.

Pages are found, not listed: the live pages of the Wagtail tree come from the
database, the variants of a page (filters, facets, pagination) from the links
it shows to itself, the member's pages from their URL names and the member's
own records. A page that does not answer as expected is reported too, so a
broken page is never silently left unchecked.
"""

from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import timezone, translation
from wagtail.models import Page, WorkflowState

from portal.accounts.models import Profile, User
from tests.factories.accounts import PASSWORD, EditorFactory, MemberFactory
from tests.factories.offer import SessionFactory, in_days, make_training
from tests.factories.stories import submit
from tests.html_checker import Document
from trajecten import certificates, registrations
from trajecten.models import (
    Attendance,
    CalendarFeed,
    CallFormPage,
    EditionPage,
    LearningNetworkPage,
    OfferIndexPage,
    Registration,
    RegistrationStatus,
)
from verhalen.models import StoryPage

LANGUAGES = ["nl", "fr"]
DEMO_MEMBER = "member@example.org"
INVOICE = registrations.InvoiceDetails(
    organisation="OCMW Gent", address="Onderbergen 86, 9000 Gent"
)
# Listings show this many items a page while the pages are gathered, so that
# the demo's few items paginate and the pagination is checked too.
SMALL_PAGES = {
    "trajecten.models.catalogue.PAGE_SIZE": 2,
    "search.views.RESULTS_PER_PAGE": 2,
    "verhalen.models.STORIES_PER_PAGE": 2,
}
# Variants of a page (same path, another query) followed from each page of
# the tree: one for each set of parameters (a province, a theme, page 2),
# and the next page of each (a filter and its page 2).
MAX_VARIANTS_PER_PAGE = 16
PAGE = "page"
NOT_A_WORD = "qzxqzxqzx"


class _Queries(HTMLParser):
    """The queries a page offers to itself: its links with a query, and its
    GET forms without an action (the offer's filters), each choice of a
    select, checkbox or radio button alone."""

    def __init__(self, path):
        super().__init__()
        self.path = path
        self.queries = []
        self.in_form = False
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            parts = urlsplit(attrs.get("href") or "")
            if parts.query and parts.path in ("", self.path) and not parts.netloc:
                self.queries.append(parts.query)
        elif tag == "form":
            action = urlsplit(attrs.get("action") or "").path
            self.in_form = (attrs.get("method") or "get").lower() == "get" and action in (
                "",
                self.path,
            )
        elif self.in_form and tag == "select":
            self.select = attrs.get("name")
        elif self.in_form and tag == "option" and self.select and attrs.get("value"):
            self.queries.append(urlencode({self.select: attrs["value"]}))
            self.select = None  # the first choice is enough
        elif (
            self.in_form
            and tag == "input"
            and attrs.get("type") in ("checkbox", "radio")
            and attrs.get("name")
            and attrs.get("value")
        ):
            self.queries.append(urlencode({attrs["name"]: attrs["value"]}))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None


def queries_to_itself(url, html):
    parser = _Queries(urlsplit(url).path)
    parser.feed(html)
    return parser.queries


def parameters(query):
    return frozenset(name for name, _ in parse_qsl(query, keep_blank_values=True))


def variants(pages, client, url, html, who):
    """Fetch the variants of a page, one for each set of parameters: those it
    links to, then the next page of each (a filter's page 2). Two facets at
    once show nothing one alone does not."""
    path = urlsplit(url).path
    seen = {parameters(urlsplit(url).query)}
    found = []
    for query in queries_to_itself(url, html):
        if parameters(query) not in seen and len(found) < MAX_VARIANTS_PER_PAGE:
            seen.add(parameters(query))
            variant = f"{path}?{query}"
            found.append((variant, pages.get(client, variant, who=who)))
    for variant, variant_html in found:
        for query in queries_to_itself(variant, variant_html):
            names = parameters(query)
            if names not in seen and names - parameters(urlsplit(variant).query) == {PAGE}:
                seen.add(names)
                pages.get(client, f"{path}?{query}", who=who)


class Pages:
    """The HTML pages gathered, and the answers that were not what a person gets."""

    def __init__(self):
        self.documents = []
        self.problems = []

    def keep(self, response, address, expected=200):
        if response.status_code != expected:
            self.problems.append(f"{address}: answered {response.status_code}, not {expected}")
            return ""
        if not response.get("Content-Type", "").startswith("text/html"):
            return ""  # feeds, calendars, JSON: not HTML
        html = response.content.decode()
        self.documents.append(Document(address=address, html=html))
        return html

    def get(self, client, url, *, expected=200, who="visitor"):
        return self.keep(client.get(url), f"GET {url} ({who})", expected)

    def post(self, client, url, data, *, what, expected=200, who="visitor"):
        return self.keep(client.post(url, data), f"POST {url} ({who}, {what})", expected)


def reverse_in(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


# The member's records ----------------------------------------------------------------


def the_member_with_everything():
    """The demo member, with a registration of every kind (confirmed, a
    late one, on the waiting list, waiting for approval, refused, cancelled,
    past), a seat offered to a colleague, the demo's trajectory with its final
    assignment, and stories published, waiting and sent back. Returns
    (member, colleague, a session open to the member)."""
    member = User.objects.get(email=DEMO_MEMBER)
    colleague = MemberFactory(first_name="Jonas", last_name="Peeters")
    editor = EditorFactory()
    index = OfferIndexPage.objects.filter(locale__language_code="nl").first()
    training = make_training(
        index, sessions=0, title="Gespreksvoering met nieuwkomers", slug="gespreksvoering"
    )
    confirmed, late, full, pending, refused, cancelled, open_one = (
        SessionFactory(page=training, starts_at=in_days(days))
        for days in (30, 3, 31, 32, 33, 34, 35)
    )
    past = SessionFactory(page=training, starts_at=in_days(-30))

    def register(session, user=member, **details):
        return registrations.register_for_session(
            user=user, session=session, invoice=INVOICE, **details
        )

    offered = register(confirmed)
    registrations.invite_substitute(registration=offered, by=member, email=colleague.email)
    register(late)
    full.capacity = 1
    full.save()
    register(full, user=colleague)
    register(full)
    registrations.cancel(registration=register(cancelled), by=member)
    attended = registrations.register_for_session(
        user=member, session=past, invoice=INVOICE, now=past.starts_at - timedelta(days=10)
    )
    registrations.mark_attendance(
        registration=attended, session=past, by=editor, attendance=Attendance.PRESENT
    )
    # A member who works elsewhere asks for approval; one request is refused.
    Profile.objects.filter(user=member).update(is_ocmw_employee=False)
    member.profile.refresh_from_db()
    reasons = {"motivation": "Ik werk samen met het OCMW.", "tie_to_ocmw": "Een overeenkomst."}
    register(pending, **reasons)
    registrations.refuse(registration=register(refused, **reasons), by=editor, reason="Volzet.")
    Profile.objects.filter(user=member).update(is_ocmw_employee=True)
    member.profile.refresh_from_db()

    if not Registration.objects.filter(user=member, edition__isnull=False).exists():
        edition = next(e for e in EditionPage.objects.all() if e.registration_window() == "open")
        registrations.register_for_edition(user=member, edition=edition, invoice=INVOICE)

    submit(member, "Een verhaal dat wacht")
    for title, decide in [
        ("Een gepubliceerd verhaal", lambda task: task.approve(user=editor)),
        ("Een verhaal om te herwerken", lambda task: task.reject(user=editor, comment="Korter.")),
    ]:
        story = submit(member, title)
        decide(WorkflowState.objects.for_instance(story).get().current_task_state)
    submit(member, "Un récit qui attend", language="fr")
    return member, colleague, open_one


# The pages ----------------------------------------------------------------------------


def tree_pages(pages, client, member_client):
    """Every live page of the Wagtail tree, and the variants each links to."""
    for page in Page.objects.live().filter(depth__gt=1).order_by("path").specific():
        url = page.get_url()
        if url is None:
            pages.problems.append(f"{page.title} (page {page.pk}) is live but has no address")
            continue
        restricted = page.get_view_restrictions().exists()
        visitor, who = (member_client, "member") if restricted else (client, "visitor")
        variants(pages, visitor, url, pages.get(visitor, url, who=who), who)


def search_pages(pages, client, language):
    search = reverse_in(language, "search")
    title = (
        Page.objects.live()
        .filter(locale__language_code=language, depth=4)
        .order_by("path")
        .first()
        .title
    )
    url = f"{search}?{urlencode({'q': title})}"
    variants(pages, client, url, pages.get(client, url), "visitor")
    pages.get(client, f"{search}?q={NOT_A_WORD}")
    pages.get(client, search)


def account_pages(pages, client, language):
    """allauth's pages, as a visitor sees them, with a form in error."""
    login = reverse_in(language, "account_login")
    signup = reverse_in(language, "account_signup")
    pages.get(client, login)
    pages.post(client, login, {"login": DEMO_MEMBER, "password": "wrong"}, what="wrong password")
    pages.get(client, signup)
    pages.post(
        client,
        signup,
        {"email": "not an address", "password1": PASSWORD, "password2": PASSWORD},
        what="bad address",
    )
    for name in [
        "account_reset_password",
        "account_reset_password_done",
        "account_email_verification_sent",
    ]:
        pages.get(client, reverse_in(language, name))
    pages.get(client, reverse_in(language, "account_reset_password_from_key", "x", "bad-key"))
    pages.get(client, reverse_in(language, "account_confirm_email", "bad-key"))


def error_pages(pages, client, member_client, language):
    pages.get(client, f"/{language}/{NOT_A_WORD}/", expected=404)
    # Someone logged in where only visitors go (the log-in for restricted content).
    pages.get(member_client, f"/{language}/_util/login/", expected=403, who="member")
    forms_checked = Client(enforce_csrf_checks=True)
    pages.post(
        forms_checked, reverse_in(language, "account_login"), {}, what="no CSRF token", expected=403
    )
    request = RequestFactory().get(f"/{language}/")
    with translation.override(language):
        response = get_resolver().resolve_error_handler(500)(request)
    pages.keep(response, f"500 page in {language} (the handler, called)", expected=500)


def call_form_pages(pages, client, language):
    """Each call form sent empty (its errors) and filled in (its landing page)."""
    for page in CallFormPage.objects.live().filter(locale__language_code=language).specific():
        url = page.get_url()
        pages.post(client, url, {}, what="empty")
        form = page.get_form(page=page, user=None)
        answers = {}
        for name, field in form.fields.items():
            if not field.required:
                continue
            choices = [value for value, _label in getattr(field, "choices", [])]
            if choices:
                answers[name] = choices[0]
            elif "email" in type(field).__name__.lower():
                answers[name] = "visitor@example.org"
            else:
                answers[name] = "Een antwoord · Une réponse"
        pages.post(client, url, answers, what="filled in")


def member_pages(pages, member_client, colleague_client, member, colleague, open_session, lang):
    who = "member"
    for name in [
        "member_dashboard",
        "member_profile",
        "member_registrations",
        "learning_record",
        "member_stories",
        "new_story",
        "member_data",
        "delete_account",
        "account_logout",
        "account_change_password",
    ]:
        try:
            url = reverse_in(lang, name)
        except NoReverseMatch:
            continue
        pages.get(member_client, url, who=who)
    pages.post(member_client, reverse_in(lang, "member_profile"), {}, what="empty profile", who=who)
    pages.post(
        member_client,
        reverse_in(lang, "member_profile"),
        {"new-name_nl": "OCMW Zwalm", "new-enterprise_number": "0202.239.952"},
        what="a new organisation with a wrong number",
        who=who,
    )
    pages.post(member_client, reverse_in(lang, "new_story"), {}, what="empty story", who=who)
    pages.post(
        member_client,
        reverse_in(lang, "delete_account"),
        {"password": "wrong"},
        what="wrong password",
        who=who,
    )
    for registration in Registration.objects.filter(user=member).order_by("pk"):
        detail = pages.get(
            member_client, reverse_in(lang, "registration_detail", registration.pk), who=who
        )
        # The cancel page of a registration that offers it (not one that has taken place).
        cancel = reverse_in(lang, "cancel_registration", registration.pk)
        if f'href="{cancel}"' in detail:
            pages.get(member_client, cancel, who=who)
        if registration.status == RegistrationStatus.CONFIRMED and registration.session_id:
            pages.post(
                member_client,
                reverse_in(lang, "hand_over", registration.pk),
                {"email": "not an address"},
                what="bad address",
                who=who,
            )
        if registration.edition_id:
            url = reverse_in(lang, "assignment", registration.pk)
            pages.get(member_client, url, who=who)
            pages.post(member_client, url, {}, what="nothing handed in", who=who)
    for story in StoryPage.objects.filter(author=member, live=False):
        pages.get(member_client, reverse_in(lang, "edit_story", story.pk), who=who)
    # A learning network as its member sees it: the group, the themes, a theme without a title.
    for network in LearningNetworkPage.objects.live().filter(locale__language_code=lang):
        pages.get(member_client, network.url, who=who)
        propose = reverse_in(lang, "network_propose", network.pk)
        pages.post(member_client, propose, {}, what="theme without a title", who=who)
    # The calendar page before and after the member made their address.
    calendar = reverse_in(lang, "my_calendar")
    pages.get(member_client, calendar, who=who)
    if not CalendarFeed.objects.filter(user=member).exists():
        assert member_client.post(calendar).status_code == 302
    pages.get(member_client, calendar, who=who)
    # The public check of the certificate of the session the member attended.
    for registration in Registration.objects.filter(
        user=member, session__starts_at__lt=timezone.now()
    ):
        if certificates.may_download(registration):
            code = certificates.certificate_for(registration).code
            pages.get(Client(), reverse_in(lang, "certificate_check", code))

    register = reverse_in(lang, "register_session", open_session.uid)
    pages.get(member_client, register, who=who)
    pages.post(member_client, register, {"billing_organisation": ""}, what="no invoice", who=who)
    for edition in EditionPage.objects.filter(locale__language_code="nl"):
        if edition.registration_window() == "open":
            url = reverse_in(lang, "register_edition", edition.pk)
            pages.get(colleague_client, url, who="colleague")
    offered = Registration.objects.get(user=member, substitutions__email=colleague.email)
    token = offered.substitutions.get().token
    pages.get(
        colleague_client, reverse_in(lang, "accept_substitution", token), who="invited colleague"
    )


def every_page():
    """The documents of every page, and the problems met while fetching them."""
    member, colleague, open_session = the_member_with_everything()
    pages = Pages()
    client = Client()
    member_client, colleague_client = Client(), Client()
    member_client.force_login(member)
    colleague_client.force_login(colleague)
    tree_pages(pages, client, member_client)
    for language in LANGUAGES:
        search_pages(pages, client, language)
        account_pages(pages, Client(), language)
        error_pages(pages, client, member_client, language)
        call_form_pages(pages, client, language)
        member_pages(
            pages, member_client, colleague_client, member, colleague, open_session, language
        )
    return pages
