"""Members: a user who logs in by e-mail, and the profile the offer needs
(organisation, whether they work for an OCMW/CPAS, preferred language)."""

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.organisations.models import OrganisationKind as ListedKind


def permissions_count(user):
    # Imported here: two_factor reads allauth's models, which need this module loaded first.
    from .two_factor import permissions_count

    return permissions_count(user)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: a member, an editor, or both."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    # Every permission check (Django's decorators, Wagtail's policies and
    # templates, the portal's views) asks these, so the second factor guards
    # every path that gives an editor's powers, in the admin or outside it
    # (two_factor.py). A member's rights to their own data are not permissions.
    def has_perm(self, perm, obj=None):
        return permissions_count(self) and super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        return permissions_count(self) and super().has_module_perms(app_label)

    async def ahas_perm(self, perm, obj=None):
        return await sync_to_async(permissions_count)(self) and await super().ahas_perm(perm, obj)

    async def ahas_module_perms(self, app_label):
        return await sync_to_async(permissions_count)(self) and await super().ahas_module_perms(
            app_label
        )


class Profile(models.Model):
    """What the portal needs to know of a member beyond their login."""

    # Members' records, not content: Wagtail's reference index ("used in") leaves them out.
    wagtail_reference_index_ignore = True

    class OrganisationKind(models.TextChoices):
        OCMW = "ocmw", _("OCMW / CPAS")
        MUNICIPALITY = "municipality", _("Municipality")
        PUBLIC_SERVICE = "public_service", _("Other public service")
        NON_PROFIT = "non_profit", _("Non-profit organisation")
        OTHER = "other", _("Other")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    # The organisation a member works for, as an editor knows it: what makes
    # them an employee of an OCMW / CPAS (works_for_ocmw) and whom their
    # registrations are invoiced to. Name and kind below are kept as the
    # member's own words, for members whose organisation is not listed yet.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
    )
    is_coordinator = models.BooleanField(
        _("training coordinator of their organisation"),
        default=False,
        help_text=_(
            "Registers colleagues of the same organisation and sees their registrations, "
            "attendance and certificates. Only for a member of an approved organisation."
        ),
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=OrganisationKind.choices, blank=True
    )
    is_ocmw_employee = models.BooleanField(
        _("I am officially employed by an OCMW / CPAS"),
        default=False,
        help_text=_(
            "Employees of an OCMW / CPAS register directly; others ask for approval first."
        ),
    )
    is_approved_participant = models.BooleanField(
        _("approved to take part"),
        default=False,
        help_text=_(
            "Set by an editor who approves a request and remembers it: this member then registers "
            "directly, like an employee of an OCMW / CPAS."
        ),
    )
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("We write to you in this language."),
    )

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self):
        return str(self.user)

    @property
    def works_for_ocmw(self):
        """The member says they are employed by an OCMW / CPAS, and their
        organisation is one, as an editor confirmed: the tick box alone is
        not enough."""
        organisation = self.organisation
        return bool(
            self.is_ocmw_employee
            and organisation is not None
            and organisation.is_approved
            and organisation.kind == ListedKind.OCMW
        )

    @property
    def coordinates(self):
        """The organisation this member registers colleagues for, or None."""
        if self.is_coordinator and self.organisation is not None and self.organisation.is_approved:
            return self.organisation
        return None

    @property
    def registers_directly(self):
        """Employees of an OCMW / CPAS, and members approved earlier, need no approval."""
        return self.works_for_ocmw or self.is_approved_participant

    @property
    def is_complete(self):
        """Whether the member gave everything needed to register for a session."""
        return all(
            [
                self.user.first_name,
                self.user.last_name,
                self.organisation_name,
                self.organisation_kind,
                self.municipality,
                self.job_title,
            ]
        )


class AccountDeletion(models.Model):
    """That an account was deleted, and how much went with it: an audit trail
    without personal data (the former id, never a name or an address)."""

    # Members' records, not content: Wagtail's reference index ("used in") leaves them out.
    wagtail_reference_index_ignore = True

    deleted_at = models.DateTimeField(_("deleted at"), auto_now_add=True)
    # Not a foreign key: the user row is gone, and the id must not be reused as a link.
    former_user_id = models.PositiveBigIntegerField(_("former user id"))
    counts = models.JSONField(_("what was removed or anonymised"), default=dict)

    class Meta:
        verbose_name = _("account deletion")
        verbose_name_plural = _("account deletions")
        ordering = ["-deleted_at"]

    def __str__(self):
        return f"#{self.former_user_id} {self.deleted_at:%Y-%m-%d %H:%M}"
