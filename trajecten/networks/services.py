"""Every write of a learning network's group, each in one transaction:
joining and leaving, an editor's approval or refusal, proposing a theme,
voting for it and withdrawing the vote, and turning a theme into the next
meeting. Each takes any language version of the network page and works on
the source one, where the group lives; a refusal is a NetworkError with a
message for the member or editor."""

from django.db import IntegrityError, transaction
from django.utils.html import escape, linebreaks
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.notifications import MailKind, notify

from ..models import (
    LearningNetworkPage,
    MeetingPage,
    MembershipStatus,
    NetworkMembership,
    ProposalStatus,
    ThemeProposal,
    ThemeVote,
)
from ..models.base import source_page


class NetworkError(Exception):
    """An action the rules refuse; `field` names the form field it belongs to."""

    def __init__(self, message, *, code, field=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


def group_of(page):
    """The network page whose group this is: the source version of `page`."""
    return source_page(page).specific


def membership_of(network, user):
    if not user.is_authenticated:
        return None
    return NetworkMembership.objects.filter(network=group_of(network), user=user).first()


def is_member(network, user):
    membership = membership_of(network, user)
    return membership is not None and membership.status == MembershipStatus.APPROVED


def _require_member(network, user):
    if not is_member(network, user):
        raise NetworkError(
            _("Only members of the learning network can do this."), code="not_member"
        )


def join(*, network, user, share_details):
    """A member straight away, or a request for an editor where the network asks for one.
    Joining again after leaving (or while waiting) asks anew with the new consent."""
    network = group_of(network)
    status = (
        MembershipStatus.PENDING if network.members_need_approval else MembershipStatus.APPROVED
    )
    with transaction.atomic():
        membership, created = NetworkMembership.objects.select_for_update().get_or_create(
            network=network,
            user=user,
            defaults={"status": status, "share_details": share_details},
        )
        if not created:
            if membership.status != MembershipStatus.APPROVED:
                membership.status = status
            membership.share_details = share_details
            membership.save(update_fields=["status", "share_details"])
    return membership


def leave(*, network, user):
    with transaction.atomic():
        membership = (
            NetworkMembership.objects.select_for_update()
            .filter(network=group_of(network), user=user)
            .exclude(status=MembershipStatus.LEFT)
            .first()
        )
        if membership is None:
            raise NetworkError(_("You are not a member of this network."), code="not_member")
        membership.status = MembershipStatus.LEFT
        membership.save(update_fields=["status"])
    return membership


def _pending(membership):
    membership = NetworkMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != MembershipStatus.PENDING:
        raise NetworkError(_("This request was already decided."), code="decided")
    return membership


def approve(*, membership, by):
    """The editor lets the member in; the member reads it in their language."""
    with transaction.atomic():
        membership = _pending(membership)
        membership.status = MembershipStatus.APPROVED
        membership.save(update_fields=["status"])
        notify(MailKind.NETWORK_MEMBERSHIP_APPROVED, membership=membership.pk)
    return membership


def refuse(*, membership, by):
    """The request is withdrawn from the group; the member, told by mail in
    their language, may ask again."""
    with transaction.atomic():
        membership = _pending(membership)
        membership.status = MembershipStatus.LEFT
        membership.save(update_fields=["status"])
        notify(MailKind.NETWORK_MEMBERSHIP_REFUSED, membership=membership.pk)
    return membership


def members_visible_to(network, user):
    """The approved members who consented to be seen, with their organisation,
    for an approved member; nobody for anyone else."""
    if not is_member(network, user):
        return []
    return list(
        NetworkMembership.objects.approved()
        .filter(network=group_of(network), share_details=True)
        .select_related("user__profile")
        .order_by("user__first_name", "user__last_name")
    )


def propose(*, network, user, title, description=""):
    network = group_of(network)
    title = title.strip()
    if not title:
        raise NetworkError(_("Give the theme a title."), code="title", field="title")
    with transaction.atomic():
        _require_member(network, user)
        return ThemeProposal.objects.create(
            network=network, proposed_by=user, title=title, description=description.strip()
        )


def _open_proposal(proposal):
    if proposal.status != ProposalStatus.OPEN:
        raise NetworkError(_("This theme is no longer open to votes."), code="closed")


def vote(*, proposal, user):
    """One vote per member and theme; a second one is refused."""
    _require_member(proposal.network, user)
    _open_proposal(proposal)
    try:
        with transaction.atomic():
            return ThemeVote.objects.create(proposal=proposal, user=user)
    except IntegrityError:
        raise NetworkError(_("You already voted for this theme."), code="already_voted") from None


def withdraw_vote(*, proposal, user):
    _require_member(proposal.network, user)
    deleted, _count = ThemeVote.objects.filter(proposal=proposal, user=user).delete()
    if not deleted:
        raise NetworkError(_("You had not voted for this theme."), code="no_vote")


def dismiss(*, proposal, by):
    with transaction.atomic():
        proposal = ThemeProposal.objects.select_for_update().get(pk=proposal.pk)
        _open_proposal(proposal)
        proposal.status = ProposalStatus.DISMISSED
        proposal.save(update_fields=["status"])
    return proposal


def turn_into_meeting(*, proposal, by):
    """A draft meeting under the network, titled and described as the theme;
    the theme is chosen and leads to it. Editors then add the date and publish."""
    with transaction.atomic():
        proposal = (
            ThemeProposal.objects.select_for_update().select_related("network").get(pk=proposal.pk)
        )
        _open_proposal(proposal)
        network = LearningNetworkPage.objects.get(pk=proposal.network_id)
        slug = slugify(proposal.title)[:200] or "meeting"
        taken = set(network.get_children().values_list("slug", flat=True))
        unique, number = slug, 2
        while unique in taken:
            unique, number = f"{slug}-{number}", number + 1
        meeting = MeetingPage(
            title=proposal.title,
            slug=unique,
            description=linebreaks(escape(proposal.description)) if proposal.description else "",
            live=False,
            owner=by,
        )
        network.add_child(instance=meeting)
        meeting.save_revision(user=by, log_action=True)
        proposal.status = ProposalStatus.CHOSEN
        proposal.meeting = meeting
        proposal.save(update_fields=["status", "meeting"])
    return meeting
