"""Calls to action of the G50 workstreams: the innovation lab asks for
problems that need a new solution, the Kafka brigade for cases of red tape.
Editors build the forms with Wagtail's form builder; submissions are read
and exported in the admin (Wagtail's own views)."""

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.db import models
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from home.blocks import RICH_TEXT_FEATURES
from home.page_permissions import PortalPagePermissions
from portal.addresses import AtPortalAddress

HONEYPOT = "website"


class CallFormField(TranslatableMixin, AbstractFormField):
    """A field of a call form; translatable, so the French form asks in French."""

    page = ParentalKey("CallFormPage", on_delete=models.CASCADE, related_name="form_fields")

    # The key of an answer stays the same in every language, so exports line up.
    override_translatable_fields = [SynchronizedField("clean_name", overridable=False)]

    class Meta(AbstractFormField.Meta):
        unique_together = [("translation_key", "locale")]


class HoneypotForm(forms.Form):
    """A field people do not see and bots fill in."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class CallFormPage(AtPortalAddress, PortalPagePermissions, AbstractEmailForm):
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    thank_you_text = RichTextField(_("thank-you text"), features=RICH_TEXT_FEATURES, blank=True)

    parent_page_types = ["trajecten.WorkstreamPage"]
    subpage_types = []

    content_panels = AbstractEmailForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail to the editors"),
        ),
    ]

    class Meta:
        verbose_name = _("call form")
        verbose_name_plural = _("call forms")

    def get_form_class(self):
        return type("CallForm", (super().get_form_class(), HoneypotForm), {})

    def process_form_submission(self, form):
        form.cleaned_data.pop(HONEYPOT, None)
        submission = super().process_form_submission(form)
        self._confirm_to_sender(form)
        return submission

    def _confirm_to_sender(self, form):
        """A confirmation to the social worker who wrote in, in the language of the form."""
        email_fields = [
            field.clean_name for field in self.get_form_fields() if field.field_type == "email"
        ]
        recipient = next(
            (form.cleaned_data.get(name) for name in email_fields if form.cleaned_data.get(name)),
            None,
        )
        if not recipient:
            return
        with translation.override(self.locale.language_code):
            subject = _("We received your message: %(title)s") % {"title": self.title}
            body = _(
                "Thank you for your message to %(title)s. We read every submission and contact you if we need more."
            ) % {"title": self.title}
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            if request.POST.get(HONEYPOT):
                # A bot: it sees the thank-you page, nothing is kept.
                return self.render_landing_page(request)
            # "ip" is the visitor's own address behind the proxy, found as
            # allauth finds it (settings.RATELIMIT_IP_META_KEY).
            if is_ratelimited(
                request, group="g50-calls", key="ip", rate=settings.CALL_FORM_RATE, increment=True
            ):
                form = self.get_form(request.POST, page=self, user=request.user)
                form.is_valid()
                form.add_error(
                    None, _("Too many messages from your connection. Please try again in an hour.")
                )
                context = self.get_context(request)
                context["form"] = form
                return TemplateResponse(request, self.get_template(request), context, status=429)
        return super().serve(request, *args, **kwargs)
