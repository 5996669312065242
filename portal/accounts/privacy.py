"""Members' data rights: everything the portal holds about a member, as
JSON, and the deletion of their account.

The account, its addresses, second factors and profile are read here. What
the other apps hold (the offer, the stories, the G50 call forms) each app
hands up in a module of its own, `<app>/member_data.py`, found among the
installed apps as `load_demo_content` finds each app's `demo.py`, so that
portal.accounts imports none of them. Such a module has three functions,
each called with keyword arguments:

- `export(user=, addresses=)`: a dict of its sections of the download, with
  names no other app uses, JSON-serialisable as they are (times as ISO 8601
  strings, amounts as strings);
- `erase(user=, addresses=)`: forgets the member, inside the transaction of
  the deletion and before the user row goes; returns counts (a dict of
  name: number, named apart from every other app's) for the record of the
  deletion, never personal data;
- `deletion_notice(user=, now=)`: what the delete-account page tells the
  member they lose with the account, as HTML, or "" when there is nothing.

`addresses` are the member's own e-mail addresses, lower-cased: the login
and the other verified ones.
"""

import logging
from importlib import import_module
from importlib.util import find_spec

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.utils import timezone

from portal.outbox.delivery import forget_address

from .models import AccountDeletion, User

logger = logging.getLogger("portal.accounts.privacy")

FORMAT = "portal-member-data/1"


def iso(moment):
    """A time as the download writes it (ISO 8601), or None."""
    return moment.isoformat() if moment else None


def money(amount):
    """An amount as the download writes it (a string, exact), or None."""
    return str(amount) if amount is not None else None


def member_data_modules():
    """The `member_data` module of every installed app that has one, in the
    order of INSTALLED_APPS."""
    modules = []
    for app_config in apps.get_app_configs():
        module_name = f"{app_config.name}.member_data"
        if find_spec(module_name) is not None:
            modules.append(import_module(module_name))
    return modules


def _merged(parts):
    """One dict of the apps' dicts. A name two apps both use would silently
    lose one app's data (from the download, or from the record)."""
    merged = {}
    for part in parts:
        if clash := merged.keys() & part.keys():
            raise ValueError(f"Two apps hand up member data under the same name: {sorted(clash)}")
        merged.update(part)
    return merged


# Reading -------------------------------------------------------------------------


def _addresses(user):
    """The member's own addresses: the login and the other verified ones. An
    unverified address may be someone else's, so it never selects data."""
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return {user.email.lower(), *(address.lower() for address in verified)}


def _account(user):
    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
    }


def _email_addresses(user):
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]


def _authenticators(user):
    # Only what they are and when they were used: the secrets stay out of the
    # file, which would otherwise be a second factor lying in a download folder.
    return [
        {
            "type": item.type,
            "created_at": iso(item.created_at),
            "last_used_at": iso(item.last_used_at),
        }
        for item in Authenticator.objects.filter(user=user).order_by("created_at")
    ]


def _profile(user):
    profile = user.profile
    organisation = profile.organisation
    return {
        "organisation": {
            "name": organisation.name,
            "enterprise_number": organisation.enterprise_number,
            "status": organisation.status,
        }
        if organisation is not None
        else None,
        "is_coordinator": profile.is_coordinator,
        "organisation_name": profile.organisation_name,
        "organisation_kind": profile.organisation_kind,
        "is_ocmw_employee": profile.is_ocmw_employee,
        "is_approved_participant": profile.is_approved_participant,
        "municipality": profile.municipality,
        "job_title": profile.job_title,
        "phone": profile.phone,
        "preferred_language": profile.preferred_language,
    }


def member_data(user):
    """Everything the portal holds about `user`, JSON-serialisable."""
    own = {
        "format": FORMAT,
        "exported_at": iso(timezone.now()),
        "account": _account(user),
        "email_addresses": _email_addresses(user),
        "two_factor_authenticators": _authenticators(user),
        "profile": _profile(user),
    }
    addresses = _addresses(user)
    apps_sections = [
        module.export(user=user, addresses=addresses) for module in member_data_modules()
    ]
    return _merged([own, *apps_sections])


def deletion_notices(*, user, now):
    """What the apps tell the member before they delete their account."""
    notices = (module.deletion_notice(user=user, now=now) for module in member_data_modules())
    return [notice for notice in notices if notice]


# Deleting --------------------------------------------------------------------------


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _session_keys(user):
    """The keys of the member's open sessions, where the sessions are in the
    database (db, cached_db). Sessions kept only in a cache or a cookie cannot
    be listed; they log no one in once the user row is gone."""
    store = _session_store()
    if not hasattr(store, "get_model_class"):
        return []
    sessions = store.get_model_class().objects.filter(expire_date__gt=timezone.now())
    return [
        session.session_key
        for session in sessions.iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]


def _end_sessions(keys):
    store = _session_store()
    for key in keys:
        # Through the store, so that a cached_db session leaves the cache too.
        store(session_key=key).delete()


def delete_account(*, user):
    """Delete the member's account in one transaction. Each app forgets the
    member first (what invoicing and the history of the offer need stays,
    anonymised; published stories stay without a byline: see each app's
    member_data.py), then the account goes. The deletion is logged and
    recorded, without personal data. Returns the counts."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user_id = user.pk
        addresses = _addresses(user)
        counts = _merged(
            module.erase(user=user, addresses=addresses) for module in member_data_modules()
        )
        counts["email_addresses_deleted"] = EmailAddress.objects.filter(user=user).delete()[0]
        counts["authenticators_deleted"] = Authenticator.objects.filter(user=user).delete()[0]
        counts["sent_mail_forgotten"] = sum(forget_address(address) for address in addresses)
        session_keys = _session_keys(user)
        counts["sessions_ended"] = len(session_keys)
        # The profile, Wagtail's user profile and anything else tied to the row
        # go with it (CASCADE); links from kept records are set to NULL.
        user.delete()
        AccountDeletion.objects.create(former_user_id=user_id, counts=counts)
        transaction.on_commit(lambda: _end_sessions(session_keys))
        transaction.on_commit(
            lambda: logger.info(
                "Account %s deleted: %s",
                user_id,
                ", ".join(f"{name}={count}" for name, count in sorted(counts.items())),
            )
        )
    return counts
