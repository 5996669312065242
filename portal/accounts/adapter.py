"""How allauth treats our members: the language they signed up in becomes
their preferred language, and an unfinished profile is the first stop."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            language = (get_language() or "nl")[:2]
            user.profile.preferred_language = language
            user.profile.save(update_fields=["preferred_language"])
        return user

    def get_login_redirect_url(self, request):
        user = request.user
        if not user.is_staff and not user.profile.is_complete:
            return reverse("member_profile")
        return super().get_login_redirect_url(request)
