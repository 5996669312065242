"""Routes of the member's stories, translated per language."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path(_("my-account/stories/"), views.my_stories, name="member_stories"),
    path(_("my-account/stories/new/"), views.new_story, name="new_story"),
    path(_("my-account/stories/<int:pk>/"), views.edit_story, name="edit_story"),
    path(_("my-account/story-pictures/<uuid:key>/"), views.story_picture, name="story_picture"),
]
