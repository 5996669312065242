"""RSS and Atom feeds of the stories, one per language (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed


class StoryRssFeed(Feed):
    def __init__(self, index):
        super().__init__()
        self.index = index

    def title(self):
        return self.index.title

    def description(self):
        return self.index.intro

    def link(self):
        return self.index.url

    def language(self):
        return self.index.locale.language_code

    def items(self):
        return self.index.stories()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.teaser

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_author_name(self, item):
        return item.byline


class StoryAtomFeed(StoryRssFeed):
    feed_type = Atom1Feed
    subtitle = StoryRssFeed.description
