"""Files of final assignments are addressed by a random key of their own,
those handed in before keys existed too (the migration gives each one)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.security.conftest import PDF
from trajecten.assignments.services import hand_in
from trajecten.models import AssignmentFile

BEFORE_KEYS = ("trajecten", "0006_registration_anonymised_at")


# Migrations run outside a transaction, as `manage.py migrate` runs them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_files_handed_in_before_keys_existed_each_get_one(world):
    hand_in(
        registration=world.edition_registration,
        title="Tweede versie",
        summary="Met bijlagen",
        publish_summary=False,
        files=[SimpleUploadedFile("nota.pdf", PDF), SimpleUploadedFile("bijlage.pdf", PDF)],
    )
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([BEFORE_KEYS])
    executor.loader.build_graph()

    executor.migrate(latest)

    keys = list(AssignmentFile.objects.values_list("key", flat=True))
    assert len(keys) == 3 and None not in keys
    assert len(set(keys)) == 3
    owner = Client()
    owner.force_login(world.member_a)
    for item in AssignmentFile.objects.all():
        with translation.override("nl"):
            path = reverse("assignment_file", kwargs={"key": item.key})
        assert b"".join(owner.get(path).streaming_content) == PDF
