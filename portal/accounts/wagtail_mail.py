"""Wagtail's workflow mails go to the people who work in the admin.

When a page is approved or rejected, Wagtail writes to whoever sent it to
moderation: for a member's story, the member. Its mail names the workflow
and its task ("goedgekeurd in workflow 'Moderators approval'"), is written
in the language of the admin (not the member's) and links to admin pages a
member cannot open. Members get the portal's own mail instead
(verhalen/notifications.py); editors keep Wagtail's.
"""

from wagtail.admin.mail import (
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
)
from wagtail.models import WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected


def uses_the_admin(user):
    return user.has_perm("wagtailadmin.access_admin")


class AdminUsersOnly:
    def get_valid_recipients(self, instance, **kwargs):
        recipients = super().get_valid_recipients(instance, **kwargs)
        return {user for user in recipients if uses_the_admin(user)}


class ApprovalMailForAdminUsers(AdminUsersOnly, WorkflowStateApprovalEmailNotifier):
    pass


class RejectionMailForAdminUsers(AdminUsersOnly, WorkflowStateRejectionEmailNotifier):
    pass


# Under Wagtail's own dispatch_uid (wagtail/admin/signal_handlers.py): if
# Wagtail connected its notifier already, it is disconnected here; if not
# yet (this app's ready() runs before wagtail.admin's), Wagtail's connect
# finds the uid taken and leaves ours in place.
REPLACEMENTS = [
    (workflow_approved, ApprovalMailForAdminUsers(), "workflow_state_approved_email_notification"),
    (workflow_rejected, RejectionMailForAdminUsers(), "workflow_state_rejected_email_notification"),
]


def replace_wagtails_workflow_mail():
    for signal, notifier, uid in REPLACEMENTS:
        signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
        signal.connect(notifier, sender=WorkflowState, dispatch_uid=uid)
