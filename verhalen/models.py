"""Practitioner stories (shared by social workers, moderated by editors)
and meeting reports, with the index pages that list them."""

import uuid

from django import forms
from django.conf import settings
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.languages import active_language
from home.page_permissions import PortalPagePermissions
from home.pages import public
from home.taxonomy import (
    GuidingPrinciple,
    Province,
    Theme,
    in_language_of,
    in_source_language,
    translation_keys,
)
from portal.addresses import AtPortalAddress

from .blocks import AgendaItemBlock, StoryStreamBlock
from .feeds import StoryAtomFeed, StoryRssFeed
from .panels import MemberPicturePanel

STORIES_PER_PAGE = 10


def workstream_pages():
    """Stories are tagged with G50 workstreams (pages of the trajecten app, named by type)."""
    return {"content_type__app_label": "trajecten", "content_type__model": "workstreampage"}


class StoryIndexPage(RoutablePageMixin, AtPortalAddress, PortalPagePermissions, Page):
    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["verhalen.StoryPage"]

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("story index")
        verbose_name_plural = _("story indexes")

    def stories(self, language=None):
        """Live stories, newest first, of this index's language, another one, or both ("all")."""
        # Each card says its language: the locale comes with the story.
        stories = public(StoryPage.objects.live()).select_related("locale")
        if language == "all":
            # A story translated into this language is listed once, in this language.
            here = StoryPage.objects.filter(locale_id=self.locale_id).values("translation_key")
            return stories.exclude(
                ~models.Q(locale_id=self.locale_id) & models.Q(translation_key__in=here)
            ).order_by("-first_published_at")
        if language:
            stories = stories.filter(locale__language_code=language)
        else:
            stories = stories.filter(locale_id=self.locale_id)
        return stories.order_by("-first_published_at")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = StoryFilterForm(request.GET)
        chosen = filters.valid_filters()
        stories = self.stories(chosen.get("lang"))
        if "theme" in chosen:
            stories = stories.filter(themes__translation_key=chosen["theme"].translation_key)
        if "principle" in chosen:
            stories = stories.filter(
                principles__translation_key=chosen["principle"].translation_key
            )
        if "workstream" in chosen:
            stories = stories.filter(
                workstreams__translation_key=chosen["workstream"].translation_key
            )
        page_obj = Paginator(stories.distinct(), STORIES_PER_PAGE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=StoryFilterForm(
                {name: getattr(value, "slug", value) for name, value in chosen.items()}
            ),
            page_obj=page_obj,
            stories=page_obj.object_list,
            query_string=query.urlencode(),
        )
        return context

    @path("feed/rss/", name="rss")
    def rss_feed(self, request):
        return StoryRssFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        return StoryAtomFeed(self)(request)


class StoryFilterForm(forms.Form):
    theme = forms.ModelChoiceField(
        Theme.objects.none(), to_field_name="slug", required=False, label=_("Theme")
    )
    principle = forms.ModelChoiceField(
        GuidingPrinciple.objects.none(),
        to_field_name="slug",
        required=False,
        label=_("Guiding principle"),
    )
    workstream = forms.ModelChoiceField(
        Page.objects.none(), to_field_name="slug", required=False, label=_("Workstream")
    )
    lang = forms.ChoiceField(
        choices=[("", _("This language")), *settings.LANGUAGES, ("all", _("Both languages"))],
        required=False,
        label=_("Language"),
    )

    def __init__(self, data):
        super().__init__(data)
        self.fields["theme"].queryset = Theme.objects.in_active_locale()
        self.fields["principle"].queryset = GuidingPrinciple.objects.in_active_locale()
        self.fields["workstream"].queryset = (
            Page.objects.live()
            .filter(locale__language_code=active_language(), **workstream_pages())
            .order_by("title")
        )

    def valid_filters(self):
        """The filters whose value exists; an unknown value is left out."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class StoryPage(AtPortalAddress, PortalPagePermissions, Page):
    teaser = models.TextField(
        _("teaser"), max_length=400, help_text=_("Two or three sentences shown in lists.")
    )
    body = StreamField(StoryStreamBlock(), verbose_name=_("story"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("picture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member who wrote it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    # A member's first and last names hold up to 150 characters each.
    author_name = models.CharField(_("author"), max_length=301, blank=True)
    author_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    anonymous = models.BooleanField(
        _("anonymous"), default=False, help_text=_('Shown as "a social worker from <province>".')
    )
    author_province = models.CharField(
        _("province"), max_length=20, choices=Province.choices, blank=True
    )
    member_picture_declined = models.BooleanField(
        _("publish the story without the member's picture"), default=False
    )
    themes = ParentalManyToManyField(
        Theme,
        blank=True,
        related_name="+",
        verbose_name=_("themes"),
        limit_choices_to=in_source_language,
    )
    principles = ParentalManyToManyField(
        GuidingPrinciple,
        blank=True,
        related_name="+",
        verbose_name=_("guiding principles"),
        limit_choices_to=in_source_language,
    )
    workstreams = ParentalManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="+",
        verbose_name=_("G50 workstreams"),
        limit_choices_to=workstream_pages,
    )

    parent_page_types = ["verhalen.StoryIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        MultiFieldPanel(
            [MemberPicturePanel("member_picture_declined")], heading=_("The member's picture")
        ),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("author"),
                FieldRowPanel([FieldPanel("author_name"), FieldPanel("author_organisation")]),
                FieldRowPanel([FieldPanel("anonymous"), FieldPanel("author_province")]),
            ],
            heading=_("Author"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
                FieldPanel("workstreams", widget=forms.CheckboxSelectMultiple),
                InlinePanel("related_offer", heading=_("Related offer"), label=_("Page")),
            ],
            heading=_("Tags"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("teaser"), index.SearchField("body")]

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    @property
    def byline(self):
        """The author as the story shows it: name and organisation, or anonymous with a province."""
        if self.anonymous:
            if self.author_province:
                return _("A social worker from %(province)s") % {
                    "province": self.get_author_province_display()
                }
            return _("A social worker")
        return ", ".join(part for part in [self.author_name, self.author_organisation] if part)

    def pending_picture(self):
        """The picture the member sent, while it waits for the story's publication."""
        return StoryPicture.objects.filter(story_id=self.pk).first() if self.pk else None

    def localized_themes(self):
        return in_language_of(self, Theme, self.themes.all())

    def localized_principles(self):
        return in_language_of(self, GuidingPrinciple, self.principles.all())

    def localized_workstreams(self):
        return in_language_of(self, Page, self.workstreams.all())

    # What the search index reads of a story (see search/indexing.py).
    def search_facets(self):
        return {
            "themes": [theme.name for theme in self.localized_themes()],
            "principles": [principle.name for principle in self.localized_principles()],
        }

    def related_stories(self):
        themes = translation_keys(self.themes.all())
        principles = translation_keys(self.principles.all())
        return (
            public(StoryPage.objects.live())
            .filter(locale_id=self.locale_id)
            .filter(
                models.Q(themes__translation_key__in=themes)
                | models.Q(principles__translation_key__in=principles)
            )
            .exclude(pk=self.pk)
            .distinct()
            .order_by("-first_published_at")[:3]
        )

    def related_offer_pages(self):
        keys = [item.page.translation_key for item in self.related_offer.select_related("page")]
        return public(Page.objects.live()).filter(
            translation_key__in=keys, locale_id=self.locale_id
        )


def private_storage():
    return storages["private"]


def random_picture_name(instance, filename):
    """Stored names are random: the member's file name says nothing on the server."""
    return f"story-pictures/{uuid.uuid4().hex}"


class StoryPicture(models.Model):
    """The picture a member sent with a story that is not published yet. It
    stays in the private storage, shown only to its author and to the editors
    who may edit the story, until the story is published: then it becomes a
    Wagtail image (verhalen/services.py publish_member_picture) and this goes."""

    # A member's upload, not content: Wagtail's reference index ("used in") leaves it out.
    wagtail_reference_index_ignore = True

    story = models.OneToOneField(StoryPage, on_delete=models.CASCADE, related_name="member_picture")
    # Addresses the picture in its URL: nothing to count through.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(storage=private_storage, upload_to=random_picture_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    # Read from the content (Willow), never the browser's word.
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("member's picture")
        verbose_name_plural = _("members' pictures")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        # In the story's language: the admin may run in one the site has no addresses in (English).
        with translation.override(self.story.locale.language_code):
            return reverse("story_picture", kwargs={"key": self.key})


class StoryRelatedOffer(Orderable):
    story = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="related_offer")
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )

    panels = [FieldPanel("page")]


class ReportIndexPage(AtPortalAddress, PortalPagePermissions, Page):
    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["verhalen.MeetingReportPage"]

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("report index")
        verbose_name_plural = _("report indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reports = public(MeetingReportPage.objects.child_of(self).live()).order_by("-date")
        context["page_obj"] = Paginator(reports, STORIES_PER_PAGE).get_page(request.GET.get("page"))
        return context


class MeetingReportPage(AtPortalAddress, PortalPagePermissions, Page):
    """The report of a meeting; with `bilingual`, written in both languages side by side."""

    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255)
    organisers = models.CharField(_("organised by"), max_length=255, blank=True)
    bilingual = models.BooleanField(
        _("written in both languages"),
        default=False,
        help_text=_(
            "Each agenda item shows its text in the other language beside it, as in an exchange between OCMW and CPAS."
        ),
    )
    title_other_language = models.CharField(
        _("title in the other language"), max_length=255, blank=True
    )
    intro = models.TextField(_("introduction"), blank=True)
    agenda = StreamField([("item", AgendaItemBlock())], verbose_name=_("agenda items"), blank=True)
    takeaways = StreamField(
        [("takeaway", blocks.CharBlock(label=_("Takeaway"), max_length=300))],
        verbose_name=_("takeaways"),
        blank=True,
    )

    parent_page_types = ["verhalen.ReportIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("title_other_language"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("place")]),
        FieldPanel("organisers"),
        FieldPanel("bilingual"),
        FieldPanel("intro"),
        InlinePanel("attendees", heading=_("Attendees"), label=_("Attendee")),
        FieldPanel("agenda"),
        FieldPanel("takeaways"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("title_other_language"),
        index.SearchField("intro"),
        index.SearchField("agenda"),
        index.SearchField("place"),
    ]

    class Meta:
        verbose_name = _("meeting report")
        verbose_name_plural = _("meeting reports")

    def search_date(self):
        """The search shows and sorts a report by the day of the meeting."""
        return self.date


class ReportAttendee(Orderable):
    report = ParentalKey(MeetingReportPage, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("organisation")])]

    def __str__(self):
        return self.name
