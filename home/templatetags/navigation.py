"""Template tags for what every page shows: the main menu, the language
switcher and the footer text, each in the visitor's language."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from home.models import FooterText

register = template.Library()


def localized_home(request):
    """The root page of the current site in the active language, if it exists."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.localized


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    home = localized_home(request)
    current = context.get("page") if isinstance(context.get("page"), Page) else None
    items = list(home.get_children().live().in_menu().public()) if home else []
    for item in items:
        item.is_current = current is not None and current.pk == item.pk
        item.is_ancestor = (
            current is not None and current.path.startswith(item.path) and not item.is_current
        )
    return {"request": request, "home": home, "items": items, "current": current}


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
    if page is not None:
        translations = {
            p.locale.language_code: p
            for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    if site is not None:
        homes = {
            p.locale.language_code: p
            for p in site.root_page.get_translations(inclusive=True).live().select_related("locale")
        }
    links = []
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = translations[code].get_url(request)
        elif page is None and not to_home:
            url = translate_url(request.get_full_path(), code)
        elif code in homes:
            url = homes[code].get_url(request)
        else:
            url = f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "current": code == get_language()})
    return {"links": links}


@register.simple_tag
def footer_text():
    locale = Locale.get_active()
    footer = FooterText.objects.filter(locale=locale).first()
    return footer.body if footer else ""
