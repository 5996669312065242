"""The form a member writes a story in."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField

from home.taxonomy import GuidingPrinciple, Province, Theme

from .sanitise import plain_text
from .services import StoryDraft

# The range of the integer primary keys in SQLite and PostgreSQL's bigint.
PK_RANGE = range(-(2**63), 2**63)


class TagsField(forms.ModelMultipleChoiceField):
    """Several themes or principles by id. Django validates each id with an
    exact lookup, which tolerates any integer, then fetches them all with
    `__in`, which SQLite cannot bind past 64 bits (an OverflowError, so a 500):
    such an id is an invalid choice before any query."""

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else [value]:
            try:
                out_of_range = int(str(pk)) not in PK_RANGE
            except ValueError:
                continue  # not a number: Django's own check rejects it
            if out_of_range:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class PictureField(WagtailImageField):
    """Wagtail's image field, refusing a file Pillow cannot read as it refuses
    any other invalid picture. Wagtail's check of the number of pixels opens
    the picture outside its own guard: a JPEG header without an image (a
    polyglot) raised Pillow's UnidentifiedImageError, a server error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail writes its help text once, in the language active when the
        # form class is made (Dutch): written again in the visitor's.
        self.help_text = lazy(self._help_text, str)()

    def _help_text(self):
        return gettext(
            "Supported formats: %(supported_formats)s. Maximum filesize: %(max_upload_size)s."
        ) % {
            "supported_formats": self.supported_formats_text,
            "max_upload_size": filesizeformat(self.max_upload_size),
        }

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except forms.ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - any failure of the image library, as Wagtail's to_python
            raise forms.ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error


class StoryForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give your story a title.")},
    )
    teaser = forms.CharField(
        label=_("Teaser"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences shown in lists."),
    )
    text = forms.CharField(
        label=_("Your story"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=20000,
        help_text=_("Leave an empty line between paragraphs."),
    )
    themes = TagsField(
        Theme.objects.none(), label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple
    )
    principles = TagsField(
        GuidingPrinciple.objects.none(),
        label=_("Guiding principles"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Wagtail's image field reads the file's format from its content (Willow)
    # and checks it against the name, the size and the number of pixels.
    image = PictureField(label=_("Picture (optional)"), required=False)
    remove_image = forms.BooleanField(label=_("Remove my picture"), required=False)
    anonymous = forms.BooleanField(label=_("Publish my story without my name"), required=False)
    province = forms.ChoiceField(
        label=_("Your province"),
        choices=[("", "—"), *Province.choices],
        required=False,
        # Help texts are HTML: the placeholder would be taken for a tag.
        help_text=escape(_('An anonymous story is signed "a social worker from <province>".')),
    )
    consent = forms.BooleanField(
        label=_("No client can be recognised in my story."),
        error_messages={"required": _("Confirm that no client can be recognised in your story.")},
    )

    def __init__(self, *args, picture_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.in_active_locale()
        self.fields["principles"].queryset = GuidingPrinciple.objects.in_active_locale()
        # The story's picture, shown above the field; only then can it be removed.
        self.picture_url = picture_url
        if picture_url is None:
            del self.fields["remove_image"]
        else:
            self.fields["image"].label = _("Another picture (optional)")

    def clean_title(self):
        # Spaces, zero-width or control characters alone make no title.
        title = plain_text(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError(self.fields["title"].error_messages["required"])
        return title

    def clean_teaser(self):
        teaser = plain_text(self.cleaned_data["teaser"], multiline=True)
        if not teaser:
            raise forms.ValidationError(self.fields["teaser"].error_messages["required"])
        return teaser

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("anonymous") and not cleaned.get("province"):
            self.add_error(
                "province", _("Choose your province: an anonymous story names it instead of you.")
            )
        return cleaned

    def draft(self):
        data = self.cleaned_data
        return StoryDraft(
            title=data["title"],
            teaser=data["teaser"],
            text=data["text"],
            themes=list(data["themes"]),
            principles=list(data["principles"]),
            anonymous=data["anonymous"],
            province=data["province"],
            image=data.get("image"),
            remove_image=data.get("remove_image", False),
        )
