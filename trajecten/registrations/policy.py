"""Which values the rules of an offer take: those set on the offer's page
(RuleOverrides), else the site's defaults (Settings › Registration rules);
and, the same way, who hears of a new request to take part.

rules.py decides with a Policy; this module only finds one. The offer of a
session is the nearest page above it (or itself) that is in the catalogue:
a training or conference for its own sessions, the learning network for a
meeting, the trajectory for an edition and its modules.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.backends import ModelBackend
from wagtail.models import Page

from ..models import ConferencePage, LearningNetworkPage, TrainingPage, TrajectoryPage
from ..models.settings import site_defaults

OFFER_PAGE_TYPES = (TrainingPage, ConferencePage, LearningNetworkPage, TrajectoryPage)


@dataclass(frozen=True)
class Policy:
    free_cancellation_days: int
    reminder_before: timedelta
    offer_window: timedelta
    offers_stop_before: timedelta


def offer_page_of(page):
    """The catalogue page whose rules apply to `page` (None outside the catalogue)."""
    if isinstance(page, OFFER_PAGE_TYPES):
        return page
    found = (
        Page.objects.ancestor_of(page, inclusive=True)
        .type(*OFFER_PAGE_TYPES)
        .order_by("-depth")
        .first()
    )
    return found.specific if found is not None else None


def policy_for(*, session=None, edition=None, defaults=None):
    """The rules of the offer of `session` or `edition`."""
    page = session.page.specific if session is not None else edition
    offer = offer_page_of(page)
    defaults = defaults or site_defaults()

    def value(name):
        own = getattr(offer, name, None)
        return getattr(defaults, name) if own is None else own

    return Policy(
        free_cancellation_days=value("free_cancellation_days"),
        reminder_before=timedelta(days=value("reminder_days")),
        offer_window=timedelta(hours=defaults.offer_window_hours),
        offers_stop_before=timedelta(hours=value("offers_stop_hours")),
    )


def policy_of(registration, known=None):
    """The registration's policy; `known` ({offer page id: policy}) keeps
    those found for a list of registrations, one lookup per offer."""
    key = registration.session.page_id if registration.session_id else registration.edition_id
    if known is not None and key in known:
        return known[key]
    policy = policy_for(session=registration.session, edition=registration.edition)
    if known is not None:
        known[key] = policy
    return policy


def approval_request_addresses(registration):
    """Where a new request to take part is announced: the contact e-mail of
    its offer's page, else the site's (Settings › Registration rules), else
    every active editor who may decide on it."""
    page = registration.session.page.specific if registration.session_id else registration.edition
    offer = offer_page_of(page)
    address = (offer.contact_email if offer is not None else "") or (
        site_defaults().approval_requests_email
    )
    if address:
        return [address]
    # Nobody was named: a request nobody hears of waits unseen, so it goes to
    # all who can approve it (superusers included), as the database grants
    # it. Not filtered on their second factor: the link asks for it on arrival.
    editors = ModelBackend().with_perm("trajecten.change_registration")
    return list(editors.order_by("email").values_list("email", flat=True))
