"""The one rule for editors' powers: once EDITOR_MFA_REQUIRED, a user's
permissions count only in a session that passed the second factor."""

from contextlib import contextmanager
from contextvars import ContextVar

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

# What allauth asks for at log-in; recovery codes only stand in for these.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]

# The request being answered: User.has_perm has no request argument, yet the
# rule reads the session (set by EditorsNeedTwoFactorMiddleware).
_current_request = ContextVar("two_factor_request", default=None)


@contextmanager
def request_context(request):
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


def has_second_factor(user):
    """Whether an authenticator app guards the account."""
    return is_mfa_enabled(user, SECOND_FACTORS)


def passed_second_factor(request):
    """Whether the session's user gave a code in this session (at log-in, when
    confirming, or when setting up the app) and still has the app; asked once
    a request."""
    if not hasattr(request, "_passed_second_factor"):
        user = request.user
        records = get_authentication_records(request, user) if user.is_authenticated else []
        request._passed_second_factor = any(
            record.get("method") == "mfa" for record in records
        ) and has_second_factor(user)
    return request._passed_second_factor


def forget_answer(request):
    """After the session passed the second factor: ask again."""
    request.__dict__.pop("_passed_second_factor", None)


def permissions_count(user):
    """Whether the permissions granted to `user` count now.

    For the user of the request being answered, only once their session passed
    the second factor: an authenticator that merely exists does not do, since a
    session can be opened with the password alone (a log-in form that is not
    allauth's, or a session from before the app was added). Where there is no
    session to ask (a task, a command, another user's record), whether an
    authenticator guards the account.
    """
    if not settings.EDITOR_MFA_REQUIRED:
        return True
    request = _current_request.get()
    session_user = getattr(request, "user", None)
    if session_user is not None and hasattr(request, "session") and session_user.pk == user.pk:
        return passed_second_factor(request)
    return has_second_factor(user)


def holds_permissions(user):
    """Whether anything is granted to `user` (superuser, a group's or their
    own permissions), whether or not it counts yet: the mark of an editor."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or bool(user.get_all_permissions()))
    )


def lacks_second_factor(request):
    """An editor whose powers wait for the second factor in this session."""
    return (
        settings.EDITOR_MFA_REQUIRED
        and holds_permissions(request.user)
        and not permissions_count(request.user)
    )


def second_factor_response(request):
    """Sends the editor to set up an authenticator app, or, if they have one, to
    give a code from it, and back to where they were."""
    if has_second_factor(request.user):
        messages.info(
            request,
            _("Editors use two-factor authentication: enter a code from your authenticator app."),
        )
        response = redirect_to_login(request.get_full_path(), "mfa_reauthenticate")
    else:
        messages.info(
            request,
            _("Editors use two-factor authentication: set up an authenticator app to continue."),
        )
        response = redirect("mfa_activate_totp")
    add_never_cache_headers(response)
    return response
