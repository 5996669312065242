"""Wagtail's page permission policy, with the pages a group's permissions
open built as one condition instead of one queryset per permission.

Wagtail 8.0 joins a queryset per page permission with `|`, and each join
copies the whole condition built so far: the work grows with the square of
the permissions (an editor whose group holds 500 waited 7 seconds for the
page explorer), and on SQLite the query grows past the depth an expression
may have. The pages are the same; the policy is registered for every page
model in home/apps.py, where Wagtail's documentation asks for it.

Wagtail's PagePermissionTester, which decides each button of a page, tests
every permission of the user for every page, and the explorer makes about
ten testers a row: 500 permissions took 200 ms a listing. The portal's
tester looks the actions up by the prefixes of the page's path; every page
model takes it through PortalPagePermissions.
"""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.models import PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

EXPLORE_ACTIONS = {"add", "change", "publish", "lock", "unlock", "bulk_delete"}


def subtrees(pages):
    """The pages and everything below them: one condition for each page with
    children, one list for those without (often most of them, and a list is
    a lookup where a prefix is a comparison with every page)."""
    distinct = {page.path: page for page in pages}.values()
    leaves = [page.path for page in distinct if not page.numchild]
    conditions = [
        Q(path__startswith=page.path, depth__gte=page.depth) for page in distinct if page.numchild
    ]
    if leaves:
        conditions.append(Q(path__in=leaves))
    return reduce(or_, conditions)


def ancestor_paths(pages):
    """The paths of every page above any of `pages`."""
    return {
        page.path[:end]
        for page in pages
        for end in range(page.steplen, len(page.path), page.steplen)
    }


class PortalPagePermissionPolicy(PagePermissionPolicy):
    def instances_user_has_any_permission_for(self, user, actions):
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset

        codenames = self._get_permission_codenames(actions)
        add = self._get_permission_codename("add")
        granted, owned = [], []
        for perm in self.get_cached_permissions_for_user(user):
            if perm.permission.codename == add and "add" not in actions and "change" in actions:
                # Who may add pages may change the pages they own there.
                owned.append(perm.page)
            elif perm.permission.codename in codenames:
                granted.append(perm.page)
        conditions = []
        if granted:
            conditions.append(subtrees(granted))
        if owned:
            conditions.append(subtrees(owned) & Q(owner=user))
        if not conditions:
            return self.model._default_manager.none()
        return self.model._default_manager.filter(reduce(or_, conditions))

    def explorable_instances(self, user):
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset

        explorable = self.instances_user_has_any_permission_for(user, EXPLORE_ACTIONS)
        pages = [perm.page for perm in self.get_cached_permissions_for_user(user)]
        if not pages:
            return super().explorable_instances(user)
        # The pages above a permission, to walk down to it, minus the top
        # levels above all of them.
        explorable |= self.model._default_manager.filter(path__in=ancestor_paths(pages))
        common = self.model.base_page_model.objects.first_common_ancestor_of(pages)
        return explorable.filter(path__startswith=common.path)


def actions_by_path(policy, user):
    """{page path: the actions the user's permissions grant there}, kept on the
    user as Wagtail keeps the permissions themselves (one request's user)."""
    name = f"{policy.permission_cache_name}_by_path"
    found = getattr(user, name, None)
    if found is None:
        found = defaultdict(set)
        for perm in policy.get_cached_permissions_for_user(user):
            # The action part of the codename: "add" of "add_page".
            found[perm.page.path].add(perm.permission.codename.rsplit("_", maxsplit=1)[0])
        setattr(user, name, found)
    return found


class PortalPagePermissionTester(PagePermissionTester):
    def __init__(self, user, page):
        # Wagtail's __init__, but for how `permissions` is found: a permission
        # counts on its page and below, that is on every page whose path
        # starts with its page's path, and paths are made of steps of
        # `steplen` characters. A copy, because Wagtail's own tests every
        # permission there (super().__init__ would do the work this saves);
        # tests/home/test_page_permissions.py fails when Wagtail's changes.
        self.user = user
        self.permission_policy = policy_registry.get(page)
        self.page = page
        self.page_is_root = page.depth == 1
        if self.user.is_active and not self.user.is_superuser:
            granted = actions_by_path(self.permission_policy, user)
            path, step = page.path, page.steplen
            self.permissions = set().union(
                *(granted.get(path[:end], ()) for end in range(step, len(path) + 1, step))
            )


class PortalPagePermissions:
    """Mixed into every page model of the portal, before Page."""

    def permissions_for_user(self, user):
        return PortalPagePermissionTester(user, self)
