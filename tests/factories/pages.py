"""The page tree tests start from: a Dutch home page with its French
translation as the default site's root."""

from wagtail.models import Locale, Page, Site

from home.models import ContentPage, HomePage


def locale(code):
    return Locale.objects.get(language_code=code)


def translate_page(page, code, **fields):
    """A published translation of `page`, as Wagtail's copy_for_translation makes it."""
    translated = page.copy_for_translation(locale(code), copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


def make_home_pages():
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(
            title="Welkom bij de academie",
            slug="start",
            locale=locale("nl"),
            intro="Opleidingen voor OCMW's.",
        )
    )
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    site.root_page = home
    site.save()
    welcome.delete()
    home_fr = translate_page(
        home,
        "fr",
        title="Bienvenue à l'académie",
        slug="accueil",
        intro="Formations pour les CPAS.",
    )
    return home, home_fr


def make_content_page(parent, **fields):
    fields.setdefault("title", "Over ons")
    fields.setdefault("slug", "over-ons")
    fields.setdefault("show_in_menus", True)
    return parent.add_child(instance=ContentPage(**fields))
