"""Routes of the member area, translated per language (/nl/mijn-account/)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path(_("my-account/"), views.dashboard, name="member_dashboard"),
    path(_("my-account/profile/"), views.profile, name="member_profile"),
    path(_("my-account/data/"), views.my_data, name="member_data"),
    path(_("my-account/delete/"), views.delete_account, name="delete_account"),
]
