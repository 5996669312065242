"""Every user gets a profile, whichever way the account was made
(sign-up, the admin, createsuperuser, the demo content); setting up an
authenticator app counts as passing the second factor in that session."""

# allauth records each way a session authenticated but keeps the function
# internal; activating an app checks a code from it, yet records nothing.
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Profile
from .two_factor import SECOND_FACTORS, forget_answer


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


@receiver(authenticator_added)
def second_factor_passed_on_set_up(sender, request, user, authenticator, **kwargs):
    # The editor just typed a code from the new app: asking for another one
    # (a new code comes only after 30 seconds) would prove nothing more.
    if authenticator.type in SECOND_FACTORS and request.user.pk == user.pk:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, set_up=True
        )
        forget_answer(request)
