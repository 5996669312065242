"""The home page, general content pages, the site settings and the footer."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from portal.addresses import AtPortalAddress

from .blocks import BaseStreamBlock
from .page_permissions import PortalPagePermissions
from .taxonomy import GuidingPrinciple, Province, Theme  # noqa: F401  (models of this app)


class HomePage(AtPortalAddress, PortalPagePermissions, Page):
    """The root of one language's tree: /nl/ and /fr/."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["wagtailcore.Page"]

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().in_menu().specific()
        return context

    def route(self, request, path_components):
        """The page at the end of the address, found in one lookup. Wagtail
        walks the tree one level at a time, two queries a level (a training
        is three levels deep, a module of a trajectory five); every address
        of a page is also its `url_path`. An address that ends in a route of
        a page (…/ical/, …/feed/rss/) is no page's: Wagtail's walk finds it."""
        if path_components:
            page = (
                Page.objects.descendant_of(self)
                .filter(
                    depth=self.depth + len(path_components),
                    slug=path_components[-1],
                    url_path=f"{self.url_path}{'/'.join(path_components)}/",
                    live=True,
                )
                .first()
            )
            if page is not None:
                return page.specific.route(request, [])
        return super().route(request, path_components)


class ContentPage(AtPortalAddress, PortalPagePermissions, Page):
    """A general page: about us, frequently asked questions, contact, privacy."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the footer of every page shows: the contact details, and the
    privacy and accessibility pages it links to."""

    organisation_name = models.CharField(_("organisation"), max_length=150, blank=True)
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Public-sector sites in the EU publish an accessibility statement
    # (directive 2016/2102, WCAG 2.1 AA through EN 301 549), linked from
    # every page: the footer finds it here, in the visitor's language.
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page with the accessibility statement, linked from every footer."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("address"),
                FieldPanel("email"),
                FieldPanel("phone"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("privacy_page"),
        FieldPanel("accessibility_page"),
    ]

    class Meta:
        verbose_name = _("site settings")


class FooterText(TranslatableMixin, models.Model):
    """A short text about the portal in the footer, translated per language."""

    body = RichTextField(_("text"), features=["bold", "italic", "link"])

    panels = [FieldPanel("body")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer text")
        verbose_name_plural = _("footer texts")

    def __str__(self):
        return str(_("Footer text")) + f" ({self.locale.language_code})"
