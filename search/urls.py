from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path(_("search/"), views.search_page, name="search"),
    path(_("search/suggestions/"), views.suggestions, name="search_suggestions"),
]
