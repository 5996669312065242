"""Editors write to the registrants of a session or an edition: one form,
the message in Dutch and French, sent through registrations/messages.py.
Its texts are the form of "Send a message" in the listing (bulk_actions.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from .models import EditionPage, MessageAudience, OrganiserMessage, Session
from .models.base import source_page
from .registrations import RegistrationError
from .registrations.messages import REQUIRED, STATUSES, message_registrants, recipients


class MessageTextsForm(forms.ModelForm):
    """The message in Dutch and French, as the selection in the listing
    (bulk_actions.py) sends it."""

    # A missing language is said beside its field, in the portal's words
    # (REQUIRED), rather than by the browser's bubble.
    use_required_attribute = False

    class Meta:
        model = OrganiserMessage
        fields = ["subject_nl", "body_nl", "subject_fr", "body_fr"]
        widgets = {
            "body_nl": forms.Textarea(attrs={"rows": 6}),
            "body_fr": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A member reads it in their language: say which one is missing.
        for name, missing in REQUIRED.items():
            self.fields[name].error_messages["required"] = missing


class MessageForm(MessageTextsForm):
    """To one of the audiences of a session or edition."""

    audience = forms.ChoiceField(
        label=gettext_lazy("To"),
        choices=[(audience, MessageAudience(audience).label) for audience in STATUSES],
        widget=forms.RadioSelect,
    )

    class Meta(MessageTextsForm.Meta):
        fields = ["audience", *MessageTextsForm.Meta.fields]


def _offer(kind, pk):
    if kind == "session":
        session = get_object_or_404(Session.objects.select_related("page"), pk=pk)
        return session, None, session.page.specific.booking_title
    edition = source_page(get_object_or_404(EditionPage, pk=pk)).specific
    return None, edition, edition.booking_title


@permission_required("trajecten.change_registration", raise_exception=True)
@require_http_methods(["GET", "POST"])
def message_registrants_view(request, kind, pk):
    session, edition, title = _offer(kind, pk)
    form = MessageForm(request.POST or None, initial={"audience": MessageAudience.PARTICIPANTS})
    if request.method == "POST" and form.is_valid():
        try:
            _message, sent = message_registrants(
                session=session,
                edition=edition,
                audience=form.cleaned_data["audience"],
                texts=form.cleaned_data,
                by=request.user,
            )
        except RegistrationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "The message is on its way to %(count)d member.",
                    "The message is on its way to %(count)d members.",
                    sent,
                )
                % {"count": sent},
            )
            listing = reverse("registration:index")
            key = f"session={session.pk}" if session else f"edition={edition.pk}"
            return redirect(f"{listing}?{key}")
    counts = {
        audience: recipients(session=session, edition=edition, audience=audience).count()
        for audience in STATUSES
    }
    return TemplateResponse(
        request,
        "trajecten/admin/message_registrants.html",
        {
            "header_title": _("Message the registrants"),
            "title": title,
            "session": session,
            "form": form,
            # Each choice with how many members it reaches now.
            "audiences": [(choice, counts[choice.data["value"]]) for choice in form["audience"]],
        },
    )
