"""Demo accounts: an editor with admin rights, a member of an OCMW and the
training coordinator of that OCMW."""

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

COORDINATOR = {
    "email": "coordinator@example.org",
    "password": "demo-coordinator-2026",
    "first_name": "Karim",
    "last_name": "El Amrani",
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


def _in_ocmw_gent(user, job_title, **fields):
    profile = user.profile
    profile.organisation = organisations_demo.by_name("OCMW Gent")
    profile.organisation_name = "OCMW Gent"
    profile.organisation_kind = Profile.OrganisationKind.OCMW
    profile.is_ocmw_employee = True
    profile.municipality = "Gent"
    profile.job_title = job_title
    profile.preferred_language = "nl"
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()


def load(stdout):
    editor, editor_created = _account(EDITOR, is_staff=True)
    member, member_created = _account(MEMBER, is_staff=False)
    if member_created:
        _in_ocmw_gent(member, "Maatschappelijk werker")
    coordinator, coordinator_created = _account(COORDINATOR, is_staff=False)
    if coordinator_created:
        _in_ocmw_gent(coordinator, "Vormingsverantwoordelijke", is_coordinator=True)
    for label, data, created in [
        ("Editor (Wagtail admin at /admin/)", EDITOR, editor_created),
        ("Member", MEMBER, member_created),
        ("Training coordinator of OCMW Gent", COORDINATOR, coordinator_created),
    ]:
        state = "created" if created else "already there"
        stdout.write(f"  {label}: {data['email']} / {data['password']} ({state})")
