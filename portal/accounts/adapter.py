"""How allauth treats our members: the language they signed up in becomes
their preferred language, an unfinished profile is the first stop, a sign-up
costs the same whether or not the address has an account, the visitor's
address behind the proxy is found one way for every rate limit, and mails
name the portal and link to its address."""

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from portal.addresses import at_portal_address, host

from .models import User


class PortalSite:
    """The site as allauth's mails name it (their `current_site`): the
    portal's name in the language of the mail and the portal's address.
    Without django.contrib.sites allauth takes both from the host of the
    request ("Hallo van 127.0.0.1:8771!")."""

    @property
    def name(self):
        return gettext("OCMW Academy")

    @property
    def domain(self):
        return host()


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        """An address longer than an account keeps is refused next to the
        field: allauth would otherwise cut it to that length and sign up an
        address nobody owns. (Django's e-mail field allows 320 characters.)"""
        email = super().clean_email(email)
        limit = User._meta.get_field("email").max_length
        if len(email) > limit:
            raise ValidationError(
                _("Enter an e-mail address of at most %(limit)d characters.") % {"limit": limit},
                code="max_length",
            )
        return email

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            language = (get_language() or "nl")[:2]
            user.profile.preferred_language = language
            user.profile.save(update_fields=["preferred_language"])
        return user

    def send_mail(self, template_prefix, email, context):
        # allauth builds its links (activate_url, password_reset_url,
        # signup_url, ...) from the host of the request: the portal's address
        # instead, as in every other mail.
        context = {
            key: at_portal_address(value)
            if key.endswith("_url") and isinstance(value, str)
            else value
            for key, value in context.items()
        }
        super().send_mail(template_prefix, email, {**context, "current_site": PortalSite()})

    def get_login_redirect_url(self, request):
        user = request.user
        if not user.is_staff and not user.profile.is_complete:
            return reverse("member_profile")
        return super().get_login_redirect_url(request)


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form (ACCOUNT_FORMS), doing the same costly work for
    an address that has an account as for a new one.

    A new account hashes its password (save_user), hundreds of milliseconds
    under production hashing; for a known address allauth only sends the
    owner a mail (prevent enumeration), so the answer came back several times
    faster and told that the address has an account. The submitted password
    is hashed here too, and forgotten. Both paths write one mail to the
    outbox. allauth's adapter has no hook on this path that sees the password.
    """

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)


def client_ip(request):
    """The visitor's address as allauth's rate limits see it: the entry of
    X-Forwarded-For that the trusted proxies (ALLAUTH_TRUSTED_PROXY_COUNT,
    from TRUSTED_PROXY_COUNT) added, else REMOTE_ADDR. django-ratelimit's
    key "ip" reads it too (RATELIMIT_IP_META_KEY), so that every limit keys
    on the same address and a visitor cannot choose theirs by adding hops."""
    return get_adapter(request).get_client_ip(request)
