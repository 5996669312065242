"""What is left of a member's text before it is stored: paragraphs,
emphasis, lists, headings, quotes and plain links, nothing that runs.
nh3 (the Rust ammonia sanitiser) drops scripts, event handlers, iframes and
javascript: links; plain text becomes paragraphs."""

import nh3
from django.utils.html import linebreaks

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "blockquote",
    "a",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_member_html(text):
    text = text.strip()
    if "<" not in text:
        return linebreaks(text)
    return nh3.clean(
        text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES
    )
