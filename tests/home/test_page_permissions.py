"""The page permission policy of the portal opens the same pages as
Wagtail's own, and keeps the explorer working for a group with many page
permissions (home/page_permissions.py)."""

import inspect
import textwrap

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page, PagePermissionTester, get_page_models
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from home.page_permissions import (
    EXPLORE_ACTIONS,
    PortalPagePermissionPolicy,
    PortalPagePermissionTester,
)
from portal.accounts.models import User
from tests.factories.pages import make_content_page

pytestmark = pytest.mark.django_db

ACTION_SETS = [{"add"}, {"change"}, {"publish"}, {"change", "publish"}, EXPLORE_ACTIONS]


def page_permission(codename):
    return Permission.objects.get(
        content_type__app_label="wagtailcore", codename=f"{codename}_page"
    )


def staff_in_group(*grants):
    """A staff member whose group holds the (page, codename) grants."""
    user = User.objects.create_user(email="redacteur@example.org", is_staff=True)
    group = Group.objects.create(name="Redactie")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=page, permission=page_permission(codename))
        for page, codename in grants
    )
    return user


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


@pytest.fixture
def tree(home_pages):
    home, home_fr = home_pages
    section = make_content_page(home, title="Aanbod", slug="aanbod")
    below = [make_content_page(section, title=f"Pagina {n}", slug=f"pagina-{n}") for n in range(3)]
    deeper = make_content_page(below[0], title="Dieper", slug="dieper")
    other = make_content_page(home, title="Nieuws", slug="nieuws")
    leaf = make_content_page(other, title="Bericht", slug="bericht")
    french = make_content_page(home_fr, title="Offre", slug="offre")
    return {"section": section, "below": below, "deeper": deeper, "leaf": leaf, "french": french}


def test_the_policy_of_every_page_model_is_the_portals():
    assert isinstance(policy_registry.get_by_type(Page), PortalPagePermissionPolicy)


@pytest.fixture
def mixed_grants(tree):
    """A staff member with every kind of grant somewhere in the tree, and a
    page of their own below one where they may only add."""
    user = staff_in_group(
        (tree["section"], "add"),
        (tree["section"], "publish"),
        (tree["leaf"], "change"),
        (tree["french"], "publish"),
        (tree["deeper"], "lock"),
        (tree["deeper"], "unlock"),
    )
    Page.objects.filter(pk=tree["below"][1].pk).update(owner=user)
    return user


def test_the_same_pages_as_wagtails_policy_for_every_kind_of_grant(tree, mixed_grants):
    user = mixed_grants
    ours, wagtails = PortalPagePermissionPolicy(Page), PagePermissionPolicy(Page)

    for actions in ACTION_SETS:
        expected = ids(wagtails.instances_user_has_any_permission_for(user, actions))
        assert ids(ours.instances_user_has_any_permission_for(user, actions)) == expected, actions
    assert ids(ours.explorable_instances(user)) == ids(wagtails.explorable_instances(user))
    assert tree["below"][1].pk in ids(ours.instances_user_has_any_permission_for(user, {"change"}))


def test_no_page_permission_opens_no_page(tree):
    user = staff_in_group()

    assert (
        ids(
            PortalPagePermissionPolicy(Page).instances_user_has_any_permission_for(user, {"change"})
        )
        == set()
    )


def test_an_editor_with_500_page_permissions_gets_the_explorer(client, home_pages):
    home, _ = home_pages
    section = make_content_page(home, title="Archief", slug="archief")
    pages = [make_content_page(section, title=f"Stuk {n}", slug=f"stuk-{n}") for n in range(250)]
    user = staff_in_group(
        *[(page, codename) for page in pages for codename in ("change", "publish")]
    )
    client.force_login(user)

    response = client.get(f"/admin/pages/{section.pk}/")

    assert response.status_code == 200
    assert "Stuk 0" in response.content.decode()


TESTS = [
    "can_add_subpage",
    "can_edit",
    "can_delete",
    "can_unpublish",
    "can_publish",
    "can_publish_subpage",
    "can_reorder_children",
    "can_move",
    "can_copy",
    "can_lock",
    "can_unlock",
    "can_view_revisions",
]


def test_the_portals_tester_answers_as_wagtails_on_every_page(mixed_grants):
    user = mixed_grants

    for page in Page.objects.specific():
        ours = page.permissions_for_user(user)
        wagtails = PagePermissionTester(user, page)
        assert isinstance(ours, PortalPagePermissionTester) or page.depth == 1
        assert ours.permissions == wagtails.permissions, page
        for test in TESTS:
            assert getattr(ours, test)() == getattr(wagtails, test)(), (page, test)


def test_every_page_model_takes_the_portals_tester(db):
    user = staff_in_group()
    models = [model for model in get_page_models() if model is not Page]

    assert models
    for model in models:
        tester = model(path="00010001", depth=2).permissions_for_user(user)
        assert isinstance(tester, PortalPagePermissionTester), model


# Wagtail's PagePermissionTester.__init__ (Wagtail 8.0) as PortalPagePermissionTester
# copies it: every line but how `permissions` is found.
WAGTAILS_TESTER_INIT = """\
def __init__(self, user, page):
    from wagtail.permissions import policy_registry

    self.user = user
    self.permission_policy = policy_registry.get(page)
    self.page = page
    self.page_is_root = page.depth == 1  # Equivalent to page.is_root()

    if self.user.is_active and not self.user.is_superuser:
        self.permissions = {
            # Get the 'action' part of the permission codename, e.g.
            # 'add' instead of 'add_page'
            perm.permission.codename.rsplit("_", maxsplit=1)[0]
            for perm in self.permission_policy.get_cached_permissions_for_user(user)
            if self.page.path.startswith(perm.page.path)
        }
"""


def test_wagtails_tester_sets_up_what_the_portals_copy_of_it_does():
    # Wagtail gives no way in between: its __init__ works out every
    # permission of the user, the work the portal's tester exists to avoid.
    assert textwrap.dedent(inspect.getsource(PagePermissionTester.__init__)) == (
        WAGTAILS_TESTER_INIT
    ), (
        "Wagtail's PagePermissionTester.__init__ changed: bring "
        "PortalPagePermissionTester.__init__ (home/page_permissions.py) in line "
        "with it, then put the new source here."
    )
