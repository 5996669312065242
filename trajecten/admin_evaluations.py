"""The results of the evaluations in the admin: per session and per page of
the offer (every session on or below it), and their CSV export, in which an
answer given without name has none. Reached from the page editor's header
menu and the dashboard's panel of the latest scores."""

import csv

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.admin.ui.components import Component
from wagtail.models import Page

from home.templatetags.formatting import day

from .evaluations.results import latest_scored_sessions, results_of
from .evaluations.services import offer_of
from .models import Session
from .models.base import source_page
from .registrations.policy import offer_page_of

PERMISSION = "trajecten.view_registration"


def _questions(offer):
    return list(offer.evaluation_questions.all()) if offer is not None else []


def _session(session_id):
    # By `id`: a number past 64 bits finds nothing instead of reaching the database.
    session = get_object_or_404(Session.objects.select_related("page"), id=session_id)
    offer = offer_of(session)
    return session, offer, session.page.specific.booking_title


def _page(page_id):
    page = source_page(get_object_or_404(Page, id=page_id)).specific
    sessions = list(
        Session.objects.in_subtree_of(page.path).select_related("page").order_by("starts_at")
    )
    return page, offer_page_of(page), sessions


def _breadcrumbs(page, label):
    return [
        {"url": reverse("wagtailadmin_explore", args=[page.get_parent().pk]), "label": _("Pages")},
        {"url": reverse("wagtailadmin_pages:edit", args=[page.pk]), "label": page.title},
        {"url": "", "label": label},
    ]


def _render(request, *, page, title, results, csv_url, per_session=None, session=None):
    return TemplateResponse(
        request,
        "trajecten/admin/evaluation_results.html",
        {
            "header_title": _("Evaluations"),
            "header_icon": "list-ul",
            "breadcrumbs_items": _breadcrumbs(page, _("Evaluations")),
            "title": title,
            "session": session,
            "results": results,
            "per_session": per_session,
            "csv_url": csv_url,
        },
    )


@permission_required(PERMISSION, raise_exception=True)
@require_GET
def session_evaluations(request, session_id):
    session, offer, title = _session(session_id)
    return _render(
        request,
        page=session.page,
        title=title,
        session=session,
        results=results_of([session], _questions(offer)),
        csv_url=reverse("session_evaluations_csv", args=[session.pk]),
    )


@permission_required(PERMISSION, raise_exception=True)
@require_GET
def page_evaluations(request, page_id):
    page, offer, sessions = _page(page_id)
    questions = _questions(offer)
    per_session = [(session, results_of([session], questions)) for session in sessions]
    return _render(
        request,
        page=page,
        title=getattr(page, "booking_title", page.title),
        results=results_of(sessions, questions),
        per_session=per_session,
        csv_url=reverse("page_evaluations_csv", args=[page.pk]),
    )


def _csv(title, sessions, questions):
    results = results_of(sessions, questions)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{slugify(_('Evaluations'))}-{slugify(title)[:60]}.csv"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # The byte order mark makes spreadsheet programs read the accents right.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Session"),
            _("Submitted at"),
            _("Name"),
            _("Satisfaction"),
            _("Usefulness"),
            _("What they take with them"),
            _("What could be better"),
            *[question.text for question in questions],
        ]
    )
    for answer in results.answers:
        writer.writerow(
            [
                day(answer.session.starts_at),
                timezone.localtime(answer.submitted_at).strftime("%Y-%m-%d %H:%M"),
                answer.author,
                answer.satisfaction,
                answer.usefulness,
                answer.takeaway,
                answer.improvement,
                *[answer.extra.get(question.key, "") for question in questions],
            ]
        )
    return response


@permission_required(PERMISSION, raise_exception=True)
@require_GET
def session_evaluations_csv(request, session_id):
    session, offer, title = _session(session_id)
    return _csv(title, [session], _questions(offer))


@permission_required(PERMISSION, raise_exception=True)
@require_GET
def page_evaluations_csv(request, page_id):
    page, offer, sessions = _page(page_id)
    return _csv(page.title, sessions, _questions(offer))


class LatestEvaluationScoresPanel(Component):
    """The sessions most recently evaluated, their averages, and a link to their results."""

    name = "latest_evaluation_scores"
    order = 60
    template_name = "trajecten/admin/evaluation_scores_panel.html"

    def get_context_data(self, parent_context):
        return {"sessions": latest_scored_sessions()}
