"""The sign-in sheet of a session: its confirmed participants on A4, with a
column to sign, in Dutch or French, as a PDF made by WeasyPrint."""

import unicodedata

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .models import EditionPage, Registration, Session

LANGUAGES = ("nl", "fr")

# Lines left blank under the list, for those who come without being on it.
EMPTY_ROWS = 5


class _FetchesNothing(URLFetcher):
    """The sheet needs no file from anywhere: names typed by members must
    never make the server fetch a URL."""

    def fetch(self, url, headers=None):
        raise ValueError(f"The sign-in sheet fetches nothing: {url}")


def by_name(user):
    """Last name, then first name, as a person reads a list: "Çelik" among
    the C's, "de Smet" among the D's."""

    def folded(text):
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()

    return (folded(user.last_name), folded(user.first_name))


def participants(session):
    """The members with a confirmed place at the session, by last name."""
    registrations = (
        Registration.objects.at_session(session)
        .confirmed()
        .filter(user__isnull=False)
        .select_related("user__profile")
    )
    return sorted(
        (
            {
                # Last name first: the list is read by it.
                "name": ", ".join(
                    filter(None, [registration.user.last_name, registration.user.first_name])
                ),
                "organisation": registration.user.profile.organisation_name
                or registration.billing_organisation,
                "user": registration.user,
            }
            for registration in registrations
        ),
        key=lambda row: by_name(row["user"]),
    )


def _shortened(slug, length=80):
    """A slug cut after a whole word, for a file name of a sensible length."""
    return slug if len(slug) <= length else slug[: length + 1].rsplit("-", 1)[0]


def _in_language(page, language):
    """The page as shown in `language`, where it is translated."""
    translated = page.get_translation_or_none(Locale.objects.get(language_code=language))
    return (translated or page).specific


def titles(session, language):
    """What the sheet is for, in `language`: the offer's full title, and for a
    module session of a trajectory the module's own title below it."""
    page = session.page
    edition = EditionPage.objects.filter(path=page.path[: -Page.steplen]).first()
    if edition is None:
        return _in_language(page, language).booking_title, ""
    return _in_language(edition, language).booking_title, _in_language(page, language).title


def sheet_language(session, asked):
    """The language asked for, else that of the session's page."""
    if asked in LANGUAGES:
        return asked
    language = session.page.locale.language_code
    return language if language in LANGUAGES else LANGUAGES[0]


@permission_required("trajecten.view_registration", raise_exception=True)
@require_GET
def session_sign_in_sheet(request, session_id):
    session = get_object_or_404(Session.objects.select_related("page__locale"), pk=session_id)
    language = sheet_language(session, request.GET.get("language"))
    title, subtitle = titles(session, language)
    rows = participants(session)
    with translation.override(language):
        html = render_to_string(
            "trajecten/admin/sign_in_sheet.html",
            {
                "session": session,
                "title": title,
                "subtitle": subtitle,
                "participants": rows,
                "empty_rows": range(EMPTY_ROWS),
                "language": language,
            },
        )
        filename = "{}-{}-{}.pdf".format(
            slugify(_("Sign-in sheet")),
            _shortened(slugify(title)),
            timezone.localtime(session.starts_at).date().isoformat(),
        )
    pdf = HTML(string=html, url_fetcher=_FetchesNothing()).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    # Inline: the browser shows it, ready to print; the name is for saving it.
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response
