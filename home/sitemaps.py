"""The sitemap of both languages. Wagtail's own lists the pages below the
site's root page only, and each language has a tree of its own beside it
(wagtail#12420): here the trees of every translation of the root are listed."""

from functools import reduce
from operator import or_

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class PortalSitemap(Sitemap):
    def items(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        trees = reduce(or_, (Page.objects.descendant_of_q(home, inclusive=True) for home in homes))
        # live() and public(): no drafts, no unpublished pages, nothing behind a
        # view restriction (password, log-in, groups) or below one.
        return (
            Page.objects.filter(trees)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
