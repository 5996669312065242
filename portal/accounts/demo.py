"""Demo accounts: an editor with admin rights and a member of an OCMW."""

from allauth.account.models import EmailAddress

from portal.organisations import demo as organisations_demo

from .models import Profile, User

EDITOR = {
    "email": "editor@example.org",
    "password": "demo-editor-2026",
    "first_name": "Nathalie",
    "last_name": "De Redacteur",
}
MEMBER = {
    "email": "member@example.org",
    "password": "demo-member-2026",
    "first_name": "Sofie",
    "last_name": "Peeters",
}


def _account(data, *, is_staff):
    user = User.objects.filter(email=data["email"]).first()
    created = user is None
    if created:
        create = User.objects.create_superuser if is_staff else User.objects.create_user
        user = create(
            email=data["email"],
            password=data["password"],
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user, created


def load(stdout):
    editor, editor_created = _account(EDITOR, is_staff=True)
    member, member_created = _account(MEMBER, is_staff=False)
    if member_created:
        profile = member.profile
        profile.organisation = organisations_demo.by_name("OCMW Gent")
        profile.organisation_name = "OCMW Gent"
        profile.organisation_kind = Profile.OrganisationKind.OCMW
        profile.is_ocmw_employee = True
        profile.municipality = "Gent"
        profile.job_title = "Maatschappelijk werker"
        profile.preferred_language = "nl"
        profile.save()
    for label, data, created in [
        ("Editor (Wagtail admin at /admin/)", EDITOR, editor_created),
        ("Member", MEMBER, member_created),
    ]:
        state = "created" if created else "already there"
        stdout.write(f"  {label}: {data['email']} / {data['password']} ({state})")
