"""Editors set up two-factor authentication before they reach the Wagtail
admin (EDITOR_MFA_REQUIRED; allauth's MFA checks the code at every log-in
once an authenticator exists, but does not make anyone create one)."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

ADMIN_PREFIX = "/admin/"


class EditorsNeedTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.must_set_up(request):
            messages.info(
                request,
                _("Set up two-factor authentication with an authenticator app to open the admin."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def must_set_up(self, request):
        user = request.user
        return (
            settings.EDITOR_MFA_REQUIRED
            and request.path.startswith(ADMIN_PREFIX)
            and user.is_authenticated
            and user.has_perm("wagtailadmin.access_admin")
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        )
