"""The editors' side of a learning network's group, in the Wagtail admin:
the requests to join (approve or refuse) and the theme proposals by votes,
each of which becomes the next meeting in one click (a draft, opened in the
page editor). Reached from the admin menu and the network page's header."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from ..models import (
    LearningNetworkPage,
    MembershipStatus,
    NetworkMembership,
    ProposalStatus,
    ThemeProposal,
)
from . import services

MEMBERS_PERMISSION = "trajecten.change_networkmembership"
THEMES_PERMISSION = "trajecten.change_themeproposal"


def _crumbs(network, label):
    return [
        {"url": reverse("network_groups_index"), "label": _("Learning networks")},
        {"url": reverse("wagtailadmin_pages:edit", args=[network.pk]), "label": network.title},
        {"url": "", "label": label},
    ]


@permission_required(MEMBERS_PERMISSION, raise_exception=True)
@require_http_methods(["GET"])
def index(request):
    """Every network (its group lives on the Dutch page) with what waits for an editor."""
    networks = (
        LearningNetworkPage.objects.filter(locale=Locale.get_default())
        .annotate(
            pending_count=Count(
                "memberships",
                filter=Q(memberships__status=MembershipStatus.PENDING),
                distinct=True,
            ),
            member_count=Count(
                "memberships",
                filter=Q(memberships__status=MembershipStatus.APPROVED),
                distinct=True,
            ),
            open_count=Count(
                "theme_proposals",
                filter=Q(theme_proposals__status=ProposalStatus.OPEN),
                distinct=True,
            ),
        )
        .order_by("title")
    )
    return TemplateResponse(
        request,
        "trajecten/admin/network_groups_index.html",
        {"header_title": _("Learning networks"), "header_icon": "group", "networks": networks},
    )


@permission_required(MEMBERS_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def members(request, page_id):
    network = services.group_of(get_object_or_404(LearningNetworkPage, id=page_id))
    if request.method == "POST":
        membership = get_object_or_404(
            NetworkMembership, id=request.POST.get("membership", 0), network=network
        )
        name = membership.user.get_full_name() or membership.user.email
        try:
            if request.POST.get("action") == "approve":
                services.approve(membership=membership, by=request.user)
                messages.success(request, _("%(name)s is a member now.") % {"name": name})
            else:
                services.refuse(membership=membership, by=request.user)
                messages.success(request, _("The request of %(name)s is refused.") % {"name": name})
        except services.NetworkError as refusal:
            messages.error(request, refusal.message)
        return redirect("network_group_members", page_id=network.pk)
    memberships = (
        NetworkMembership.objects.filter(network=network)
        .exclude(status=MembershipStatus.LEFT)
        .select_related("user__profile")
        .order_by("-status", "created_at")  # "pending" before "approved"
    )
    return TemplateResponse(
        request,
        "trajecten/admin/network_members.html",
        {
            "header_title": _("Members of the network"),
            "header_icon": "group",
            "breadcrumbs_items": _crumbs(network, _("Members")),
            "network": network,
            "memberships": memberships,
        },
    )


@permission_required(THEMES_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def themes(request, page_id):
    network = services.group_of(get_object_or_404(LearningNetworkPage, id=page_id))
    if request.method == "POST":
        proposal = get_object_or_404(
            ThemeProposal, id=request.POST.get("proposal", 0), network=network
        )
        try:
            if request.POST.get("action") == "meeting":
                meeting = services.turn_into_meeting(proposal=proposal, by=request.user)
                messages.success(
                    request,
                    _(
                        "The meeting “%(title)s” is a draft: add its date and place, then publish it."
                    )
                    % {"title": meeting.title},
                )
                return redirect("wagtailadmin_pages:edit", meeting.pk)
            services.dismiss(proposal=proposal, by=request.user)
            messages.success(request, _("The theme is dismissed."))
        except services.NetworkError as refusal:
            messages.error(request, refusal.message)
        return redirect("network_group_themes", page_id=network.pk)
    proposals = (
        ThemeProposal.objects.filter(network=network)
        .select_related("proposed_by", "meeting")
        .with_votes()
    )
    return TemplateResponse(
        request,
        "trajecten/admin/network_themes.html",
        {
            "header_title": _("Theme proposals"),
            "header_icon": "list-ol",
            "breadcrumbs_items": _crumbs(network, _("Theme proposals")),
            "network": network,
            "open_proposals": [p for p in proposals if p.status == ProposalStatus.OPEN],
            "closed_proposals": [p for p in proposals if p.status != ProposalStatus.OPEN],
        },
    )
