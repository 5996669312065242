"""Wagtail's Editors group keeps the invoices: it sees them, marks them paid
and makes credit notes (superusers can anyway). Moderators do not."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Permissions are normally created after migrations; make sure they exist.
    content_type, _ = ContentType.objects.get_or_create(app_label="trajecten", model="invoice")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_invoice",
            defaults={"name": f"Can {action} invoice"},
        )[0]
        for action in ["change", "view"]
    ]
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("trajecten", "0020_invoices"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
