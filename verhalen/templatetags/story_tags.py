"""schema.org Article data and OpenGraph tags of stories and reports."""

import json

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.addresses import absolute_url

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
