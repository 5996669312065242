"""A learning network as a group: its members (who asked, who an editor let
in, who consented to be seen by the others), the themes they propose for
the next meetings and their votes. They belong to the network page in its
source language, so that the Dutch and French pages share one group."""

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("waits for an editor")
    APPROVED = "approved", _("member")
    LEFT = "left", _("left")


class MembershipQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=MembershipStatus.APPROVED)

    def pending(self):
        return self.filter(status=MembershipStatus.PENDING)


class NetworkMembership(models.Model):
    # Members' records, not content: Wagtail's reference index ("used in") leaves them out.
    wagtail_reference_index_ignore = True

    network = models.ForeignKey(
        "trajecten.LearningNetworkPage",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("learning network"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_memberships",
        verbose_name=_("member"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    share_details = models.BooleanField(
        _("shows name and organisation to the other members"), default=False
    )
    created_at = models.DateTimeField(_("asked on"), default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="one_membership_a_network")
        ]

    def __str__(self):
        return f"{self.user} – {self.network}"


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("open")
    CHOSEN = "chosen", _("chosen for a meeting")
    DISMISSED = "dismissed", _("dismissed")


class ProposalQuerySet(models.QuerySet):
    def with_votes(self):
        """Most votes first, then the oldest."""
        return self.annotate(vote_count=Count("votes")).order_by("-vote_count", "created_at")


class ThemeProposal(models.Model):
    wagtail_reference_index_ignore = True

    network = models.ForeignKey(
        "trajecten.LearningNetworkPage",
        on_delete=models.CASCADE,
        related_name="theme_proposals",
        verbose_name=_("learning network"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    title = models.CharField(_("theme"), max_length=200)
    description = models.TextField(_("what it is about"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    meeting = models.ForeignKey(
        "trajecten.MeetingPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting"),
    )
    created_at = models.DateTimeField(_("proposed on"), default=timezone.now)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme proposal")
        verbose_name_plural = _("theme proposals")

    def __str__(self):
        return self.title


class ThemeVote(models.Model):
    wagtail_reference_index_ignore = True

    proposal = models.ForeignKey(
        ThemeProposal, on_delete=models.CASCADE, related_name="votes", verbose_name=_("theme")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_vote_a_member_and_theme")
        ]

    def __str__(self):
        return f"{self.user} – {self.proposal}"
