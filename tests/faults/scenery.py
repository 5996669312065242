"""The fault tests' database, built inside the portal's own environment
(`manage.py shell`): migrated, the demo content, and what the tests act on
(sessions to register for, logged-in members), described as JSON on the
last line of the output for the test process."""

import json
from io import StringIO

# Seats of the session members register for while PostgreSQL goes away:
# few, so that the waiting list fills too.
SMALL_CAPACITY = 3


def _url(page):
    return page.specific.get_url()


def build(members):
    from django.conf import settings
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import translation
    from wagtail.models import Page

    from bench.registrations import logged_in_members, session_of_15_seats
    from home.models import HomePage
    from portal.accounts.demo import MEMBER
    from trajecten.models import OfferIndexPage, Registration, TrainingPage
    from verhalen.models import StoryPage

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo_content", stdout=StringIO())

    small = session_of_15_seats()
    small.capacity = SMALL_CAPACITY
    small.save(update_fields=["capacity"])
    roomy = session_of_15_seats()
    cookies = logged_in_members(members)
    demo_registration = Registration.objects.get(user__email=MEMBER["email"], edition__isnull=False)

    def dutch(model):
        return Page.objects.type(model).live().filter(locale__language_code="nl").first()

    with translation.override("nl"):
        return {
            "session_cookie_name": settings.SESSION_COOKIE_NAME,
            "demo_member": [MEMBER["email"], MEMBER["password"]],
            "demo_registration": demo_registration.pk,
            # As bench/registrations.py makes them: member<n>@example.org.
            "members": [
                {"email": f"member{number}@example.org", "session_key": key}
                for number, key in enumerate(cookies)
            ],
            "small_session": {"id": small.pk, "capacity": SMALL_CAPACITY},
            "roomy_session": {"id": roomy.pk},
            "pages": {
                "home": _url(dutch(HomePage)),
                "training": _url(dutch(TrainingPage)),
                "catalogue": _url(dutch(OfferIndexPage)),
                "story": _url(dutch(StoryPage)),
            },
            "paths": {
                "dashboard": reverse("member_dashboard"),
                "login": reverse("account_login"),
                "signup": reverse("account_signup"),
                "password_reset": reverse("account_reset_password"),
                "register_small": reverse("register_session", args=[small.uid]),
                "register_roomy": reverse("register_session", args=[roomy.uid]),
                "assignment": reverse("assignment", args=[demo_registration.pk]),
            },
        }


def main(members):
    print(json.dumps(build(members)))
