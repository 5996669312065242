"""Wagtail's Editors and Moderators groups manage registrations and final
assignments (superusers can anyway)."""

from django.db import migrations

PERMISSIONS = [
    "view_registration",
    "change_registration",
    "view_assignment",
    "change_assignment",
]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Permissions are normally created after migrations; make sure they exist.
    for model in ["registration", "assignment"]:
        content_type, _ = ContentType.objects.get_or_create(app_label="trajecten", model=model)
        for action in ["view", "change"]:
            Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
    permissions = Permission.objects.filter(content_type__app_label="trajecten", codename__in=PERMISSIONS)
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("trajecten", "0003_assignments"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
