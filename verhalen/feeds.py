"""RSS and Atom feeds of the stories, one per language (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from portal.addresses import absolute_url


class StoryRssFeed(Feed):
    def __init__(self, index):
        super().__init__()
        self.index = index
        # Django reads `language` as a plain attribute (a method would be
        # written out as its repr), and the feed's language is its index's,
        # whatever language the request runs in.
        self.language = index.locale.language_code

    # Every address is the portal's own (portal/addresses.py): Django would
    # put the host of the request in front of a path.
    def get_object(self, request, *args, **kwargs):
        self.request = request
        return None

    def title(self):
        return self.index.title

    def description(self):
        return self.index.intro

    def link(self):
        return self.index.get_full_url(self.request)

    def feed_url(self):
        return absolute_url(self.request.path)

    def items(self):
        return self.index.stories()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.teaser

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.byline


class StoryAtomFeed(StoryRssFeed):
    feed_type = Atom1Feed
    subtitle = StoryRssFeed.description
