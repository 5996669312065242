"""Template tags for what every page shows: the main menu, the language
switcher and the footer, each in the visitor's language. What they read is
the same on every page and changes only when editors change it: it is kept
with the page cache's generation of the outline (home/page_cache.py): what
they show of pages is their title, address and place in the menu."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import expand_db_html

from home.models import FooterText, SiteSettings
from home.page_cache import remembered

register = template.Library()


def localized_home(request):
    """The root page of the current site in the active language, if it exists."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.localized


def _menu(request):
    home = localized_home(request)
    if home is None:
        return None
    pages = home.get_children().live().in_menu().public()
    return {
        "home": {"pk": home.pk, "url": home.get_url(request)},
        "items": [
            {"pk": page.pk, "path": page.path, "title": page.title, "url": page.get_url(request)}
            for page in pages
        ],
    }


def menu_of(request):
    """The home page and the sections of the main menu, in the active language,
    as {"home": {pk, url}, "items": [{pk, path, title, url}]}; None without a site."""
    site = Site.find_for_request(request)
    return site and remembered(
        "main-menu", lambda: _menu(request), site.pk, get_language(), outline=True
    )


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    menu = menu_of(request)
    current = context.get("page") if isinstance(context.get("page"), Page) else None
    items = [
        {
            **item,
            "is_current": current is not None and current.pk == item["pk"],
            "is_ancestor": current is not None
            and current.path.startswith(item["path"])
            and current.pk != item["pk"],
        }
        for item in (menu["items"] if menu else [])
    ]
    return {
        "request": request,
        "home": menu and menu["home"],
        "items": items,
        "current": current,
    }


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context, to_home=False):
    """Links to the same page in the other languages.

    A Wagtail page leads to its live translation, or else to that language's
    home page; another view (log-in, member area) to its own translated URL.
    """
    request = context["request"]
    page = context.get("page") if isinstance(context.get("page"), Page) else None
    site = Site.find_for_request(request)
    translations = {}
    homes = {}
    if page is not None and page.pk:
        translations = remembered(
            "translation-urls", lambda: _translation_urls(page, request), page.pk, outline=True
        )
    if site is not None:
        homes = remembered("home-urls", lambda: _home_urls(site, request), site.pk, outline=True)
    links = []
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = translations[code]
        elif page is None and not to_home:
            url = translate_url(request.get_full_path(), code)
        elif code in homes:
            url = homes[code]
        else:
            url = f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == get_language()})
    return {"links": links}


def _translation_urls(page, request):
    translations = page.get_translations(inclusive=True).live().select_related("locale")
    return {p.locale.language_code: p.get_url(request) for p in translations}


@register.simple_tag(takes_context=True)
def page_ancestors(context, page):
    """The pages above `page`, from the root, as (title, url) for the breadcrumbs."""
    request = context["request"]

    def ancestors():
        return [
            {"title": p.title, "url": p.get_url(request), "is_root": p.is_root()}
            for p in page.get_ancestors()
        ]

    return remembered("ancestors", ancestors, page.pk, outline=True) if page.pk else ancestors()


def _home_urls(site, request):
    translations = site.root_page.get_translations(inclusive=True).live().select_related("locale")
    return {page.locale.language_code: page.get_url(request) for page in translations}


def _footer(request, site):
    footer = FooterText.objects.filter(locale=Locale.get_active()).first()
    contact = SiteSettings.for_site(site)
    return {
        # Links to pages and documents expanded now, not in every view.
        "text": expand_db_html(footer.body) if footer else "",
        "organisation_name": contact.organisation_name,
        "address": contact.address,
        "email": contact.email,
        "phone": contact.phone,
        "privacy_url": _localized_url(contact.privacy_page, request),
        "accessibility_url": _localized_url(contact.accessibility_page, request),
    }


def _localized_url(page, request):
    """The address of `page` in the active language, if that version is live."""
    localized = page and page.localized
    return localized.get_url(request) if localized and localized.live else ""


@register.simple_tag(takes_context=True)
def footer(context):
    """The footer text and contact details of the site, in the active language."""
    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return {}
    return remembered(
        "footer", lambda: _footer(request, site), site.pk, get_language(), outline=True
    )
