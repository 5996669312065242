"""What is left of a member's text before it is stored: paragraphs,
emphasis, lists, headings, quotes and plain links, nothing that runs.
nh3 (the Rust ammonia sanitiser) drops scripts, event handlers, iframes and
javascript: links; plain text becomes paragraphs."""

import unicodedata

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


# Characters that show nothing on their own: spaces, control and format
# characters (zero-width spaces, direction marks) and combining marks.
INVISIBLE = ("Z", "Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me")


def plain_text(value, *, multiline=False):
    """A line (or lines) a member typed, as a title or teaser is stored: control
    characters become spaces (XML 1.0, and so the RSS and Atom feeds, refuses
    them), runs of spaces one space. Empty when nothing in it is visible."""
    lines = value.splitlines() if multiline else [value]
    cleaned = [
        " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in line).split())
        for line in lines
    ]
    text = "\n".join(cleaned).strip() if multiline else cleaned[0]
    if not any(not unicodedata.category(c).startswith(INVISIBLE) for c in text):
        return ""
    return text
