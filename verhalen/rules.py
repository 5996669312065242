"""Rules of members' stories, as values the views and messages read."""

# Each new story, and each change sent back to the editors, mails the
# moderators (Wagtail's workflow): how many a member may send (django-ratelimit
# rates, counted per member in the shared cache).
NEW_STORIES_RATE = "5/d"
STORY_CHANGES_RATE = "10/d"
