"""The member's side of a learning network: join and leave it, propose a
theme and vote for one (each a POST from the network page, answered with a
redirect back to it and a message), and what the page shows to whom."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..models import LearningNetworkPage, MembershipStatus, ProposalStatus, ThemeProposal, ThemeVote
from . import services
from .forms import JoinForm, ProposalForm


def _held(meeting, now):
    """A meeting counts as held once its last session ended (or it has no date)."""
    return not meeting.session_list or meeting.session_list[-1].ends_at <= now


def group_context(page, request, meetings):
    """What the network page shows of its group to the one who asks: their
    membership, the members who consented (to members only), the open
    themes by votes (to members only), and the products of past meetings."""
    user = request.user
    membership = services.membership_of(page, user)
    is_member = membership is not None and membership.status == MembershipStatus.APPROVED
    context = {
        "membership": membership,
        "is_network_member": is_member,
        "join_form": JoinForm(
            initial={"share_details": membership.share_details if membership else False}
        ),
        "network_products": [m for m in meetings if m.has_product and _held(m, timezone.now())],
    }
    if is_member:
        group = services.group_of(page)
        context["network_members"] = services.members_visible_to(page, user)
        context["theme_proposals"] = list(
            ThemeProposal.objects.filter(network=group, status=ProposalStatus.OPEN)
            .select_related("proposed_by")
            .with_votes()
        )
        context["my_votes"] = set(
            ThemeVote.objects.filter(proposal__network=group, user=user).values_list(
                "proposal_id", flat=True
            )
        )
        context["proposal_form"] = ProposalForm()
    return context


def _network(page_id):
    return get_object_or_404(LearningNetworkPage.objects.live(), id=page_id)


def _back(page):
    """To the network page in the language the member reads."""
    return redirect(page.localized.url + "#network-group")


@login_required
@require_POST
def join(request, page_id):
    page = _network(page_id)
    form = JoinForm(request.POST)
    form.is_valid()  # one optional checkbox: always valid
    # A member posts the same form to change their consent.
    was_member = services.is_member(page, request.user)
    membership = services.join(
        network=page, user=request.user, share_details=form.cleaned_data["share_details"]
    )
    if was_member:
        messages.success(request, _("Your choice is saved."))
    elif membership.status == MembershipStatus.APPROVED:
        messages.success(request, _("You are a member of the learning network."))
    else:
        messages.success(
            request, _("Your request is sent. An editor looks at it and lets you know by e-mail.")
        )
    return _back(page)


@login_required
@require_POST
def leave(request, page_id):
    page = _network(page_id)
    try:
        services.leave(network=page, user=request.user)
    except services.NetworkError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("You left the learning network."))
    return _back(page)


@login_required
@require_http_methods(["GET", "POST"])
def propose(request, page_id):
    """The form is on the network page; this page shows it again with what
    was wrong next to the field."""
    page = _network(page_id)
    if not services.is_member(page, request.user):
        messages.error(request, _("Only members of the learning network can do this."))
        return _back(page)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose(
                network=page,
                user=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except services.NetworkError as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            messages.success(request, _("Your theme is proposed. The members can vote for it."))
            return _back(page)
    status = 400 if form.errors else 200
    return render(
        request,
        "trajecten/member/propose_theme.html",
        {"form": form, "network": page.localized},
        status=status,
    )


def _vote_action(request, pk, action, done):
    proposal = get_object_or_404(ThemeProposal.objects.select_related("network"), id=pk)
    try:
        action(proposal=proposal, user=request.user)
    except services.NetworkError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)
    return _back(proposal.network)


@login_required
@require_POST
def vote(request, pk):
    return _vote_action(request, pk, services.vote, _("Your vote is counted."))


@login_required
@require_POST
def withdraw_vote(request, pk):
    return _vote_action(request, pk, services.withdraw_vote, _("Your vote is withdrawn."))
