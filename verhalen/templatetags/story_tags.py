"""schema.org Article data and OpenGraph tags of stories and reports; the
newest stories for the home page."""

import json

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Site

from home.languages import active_language
from home.page_cache import remembered
from home.pages import public
from portal.addresses import absolute_url

from ..models import StoryIndexPage, StoryPage

register = template.Library()


@register.simple_tag(takes_context=True)
def article_meta(context, page, description, author=""):
    request = context["request"]
    url = page.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title,
        "description": description,
        # A page is shown in its own language: the one of the request.
        "inLanguage": get_language(),
        "url": url,
        "datePublished": page.first_published_at.isoformat() if page.first_published_at else None,
        "dateModified": page.last_published_at.isoformat() if page.last_published_at else None,
    }
    if author:
        data["author"] = {"@type": "Person", "name": str(author)}
    image = getattr(page, "image", None)
    image_url = absolute_url(image.get_rendition("fill-1200x630").url) if image else ""
    if image_url:
        data["image"] = image_url
    payload = json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False)
    # Escape what could close the script element; JSON-LD is data, not script.
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    opengraph = [
        ("og:type", "article"),
        ("og:title", page.title),
        ("og:description", description),
        ("og:url", url),
        ("og:locale", {"nl": "nl_BE", "fr": "fr_BE"}.get(page.locale.language_code, "nl_BE")),
    ]
    if image_url:
        opengraph.append(("og:image", image_url))
    tags = format_html_join("\n", '<meta property="{}" content="{}">', opengraph)
    return format_html(
        '{}\n<script type="application/ld+json">{}</script>',
        tags,
        mark_safe(payload),  # noqa: S308
    )


HOME_PAGE_STORIES = 3


def _latest_stories(request, language, count):
    index = StoryIndexPage.objects.live().filter(locale__language_code=language).first()
    stories = (
        public(StoryPage.objects.live())
        .filter(locale__language_code=language)
        .order_by("-first_published_at")[:count]
    )
    return {
        "index": index.get_url(request) if index else "",
        "items": [
            {
                "title": story.title,
                "url": story.get_url(request),
                "teaser": story.teaser,
                "byline": str(story.byline),
                "published_at": story.first_published_at,
            }
            for story in stories
        ],
    }


@register.simple_tag(takes_context=True)
def latest_stories(context, count=HOME_PAGE_STORIES):
    """The newest stories in the active language and the address of their
    index, for the home page: kept until the content changes."""
    request = context["request"]
    site = Site.find_for_request(request)
    language = active_language()
    return remembered(
        "latest-stories",
        lambda: _latest_stories(request, language, count),
        site and site.pk,
        language,
        count,
    )
