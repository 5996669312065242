"""A final assignment that cannot be stored (disk full, a read-only folder,
the database failing after the files were written) leaves nothing behind:
no file, whole or cut short, without its record, and no half-written rows;
the member reads why next to the files field, in their language."""

import errno
import os
import re
import shutil
import subprocess
from datetime import timedelta
from html import unescape

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories.accounts import MemberFactory
from tests.factories.offer import make_trajectory
from trajecten import registrations
from trajecten.models import (
    Assignment,
    AssignmentFile,
    AssignmentVersion,
    RegistrationEvent,
)
from trajecten.registrations import InvoiceDetails

pytestmark = pytest.mark.django_db

NOT_STORED = "We could not store your files, so nothing was handed in. Please try again later."


def pdf(size):
    """A plain PDF of about `size` bytes (a long comment makes the weight)."""
    filler = b"% " + b"x" * 76 + b"\n"
    return b"%PDF-1.4\n" + filler * (size // len(filler)) + b"trailer <<>>\n%%EOF\n"


@pytest.fixture
def participant(offer_index):
    index, _ = offer_index
    _trajectory, edition = make_trajectory(index, modules=2)
    edition.assignment_deadline = timezone.now() + timedelta(days=10)
    edition.save()
    member = MemberFactory()
    registration = registrations.register_for_edition(
        user=member, edition=edition, invoice=InvoiceDetails(organisation="OCMW Gent", address="G")
    )
    return member, registration


def use_storage(monkeypatch, storage):
    monkeypatch.setattr(AssignmentFile._meta.get_field("file"), "storage", storage)
    return storage


def files_in(folder):
    return sorted(path for path in folder.rglob("*") if path.is_file())


def hand_in(client, registration, *files, language="nl"):
    with translation.override(language):
        path = reverse("assignment", kwargs={"pk": registration.pk})
    return client.post(
        path,
        {"title": "Taalbeleid in Gent", "summary": "Hoe we het aanpakten.", "files": list(files)},
    )


def files_error(response, language="nl"):
    """The message next to the files field, as the member reads it."""
    assert response.status_code == 200
    html = response.content.decode()
    errors = re.search(r'<ul class="errorlist" id="id_files_error">(.*?)</ul>', html, re.DOTALL)
    assert errors, "no error next to the files field"
    return unescape(re.sub(r"<[^>]+>", "", errors.group(1))).strip()


def assert_nothing_recorded(registration, events_before):
    assert not AssignmentVersion.objects.exists()
    assert not AssignmentFile.objects.exists()
    assert not Assignment.objects.filter(registration=registration).exists()
    assert RegistrationEvent.objects.filter(registration=registration).count() == events_before


def in_language(text, language):
    with translation.override(language):
        return translation.gettext(text)


class DiskFillsUp(FileSystemStorage):
    """Stores the first `whole` files, then writes `room` bytes of the next
    one and fails as a full disk does, leaving that part on disk."""

    def __init__(self, *, whole, room, **kwargs):
        super().__init__(**kwargs)
        self.whole, self.room = whole, room

    def _save(self, name, content):
        if self.whole > 0:
            self.whole -= 1
            return super()._save(name, content)
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        content.seek(0)
        with open(path, "wb") as part:
            part.write(content.read(self.room))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_disk_that_fills_up_halfway_leaves_no_file_and_says_so(
    client, participant, monkeypatch, tmp_path, language
):
    member, registration = participant
    use_storage(monkeypatch, DiskFillsUp(whole=1, room=4096, location=tmp_path))
    events = RegistrationEvent.objects.filter(registration=registration).count()
    client.force_login(member)

    response = hand_in(
        client,
        registration,
        SimpleUploadedFile("nota.pdf", pdf(20_000)),
        SimpleUploadedFile("bijlage.pdf", pdf(20_000)),
        language=language,
    )

    assert files_error(response) == in_language(NOT_STORED, language)
    assert files_in(tmp_path) == []  # neither the whole first file nor the part of the second
    assert_nothing_recorded(registration, events)


class Recording(FileSystemStorage):
    """Keeps the names of the files it wrote."""

    written = ()

    def _save(self, name, content):
        name = super()._save(name, content)
        self.written = [*self.written, name]
        return name


def test_a_database_error_after_the_files_were_written_leaves_nothing(
    client, participant, monkeypatch, tmp_path
):
    member, registration = participant
    storage = use_storage(monkeypatch, Recording(location=tmp_path))

    def failing_write(*args, **kwargs):
        # A real error of the database, which aborts the transaction on PostgreSQL.
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO no_such_table VALUES (1)")

    # The last write of the transaction fails: the version and files are inserted by then.
    monkeypatch.setattr(RegistrationEvent, "save", failing_write)
    events = RegistrationEvent.objects.filter(registration=registration).count()
    client.force_login(member)

    response = hand_in(
        client,
        registration,
        SimpleUploadedFile("nota.pdf", pdf(2_000)),
        SimpleUploadedFile("bijlage.pdf", pdf(2_000)),
    )

    assert len(storage.written) == 2  # the files were on disk before the database failed
    assert files_error(response) == in_language(NOT_STORED, "nl")
    assert files_in(tmp_path) == []
    assert_nothing_recorded(registration, events)


# A real file system that is full or read-only ----------------------------------------------


@pytest.fixture
def tmpfs(tmp_path):
    """mount(options) -> a folder on a small tmpfs of its own, unmounted
    after the test whatever happens. Needs root (and the right to mount)."""
    mount_command, umount_command = shutil.which("mount"), shutil.which("umount")
    if os.geteuid() != 0 or not (mount_command and umount_command):
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    mounted = []

    def mount(options):
        folder = tmp_path / f"mount{len(mounted)}"
        folder.mkdir()
        result = subprocess.run(
            [mount_command, "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
        mounted.append(folder)
        return folder

    try:
        yield mount
    finally:
        for folder in reversed(mounted):
            subprocess.run([umount_command, "--lazy", str(folder)], check=False)


def test_a_full_disk_leaves_no_file_cut_short(client, participant, monkeypatch, tmpfs):
    member, registration = participant
    folder = tmpfs("size=64k")
    use_storage(monkeypatch, FileSystemStorage(location=folder))
    events = RegistrationEvent.objects.filter(registration=registration).count()
    client.force_login(member)

    response = hand_in(
        client,
        registration,
        SimpleUploadedFile("nota.pdf", pdf(40_000)),  # fits
        SimpleUploadedFile("bijlage.pdf", pdf(40_000)),  # does not: written in part
    )

    assert files_error(response) == in_language(NOT_STORED, "nl")
    assert files_in(folder) == []
    assert_nothing_recorded(registration, events)


@pytest.fixture
def read_only_folder(tmp_path, request):
    """A folder nobody may write in: a read-only tmpfs for root (whom chmod
    does not stop), a folder without write permission for anyone else."""
    if os.geteuid() == 0:
        return request.getfixturevalue("tmpfs")("ro,size=64k")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    request.addfinalizer(lambda: folder.chmod(0o755))
    return folder


def test_a_read_only_folder_is_a_message_not_an_error_page(
    client, participant, monkeypatch, read_only_folder
):
    member, registration = participant
    use_storage(monkeypatch, FileSystemStorage(location=read_only_folder))
    client.force_login(member)

    response = hand_in(client, registration, SimpleUploadedFile("nota.pdf", pdf(2_000)))

    assert files_error(response) == in_language(NOT_STORED, "nl")
    assert files_in(read_only_folder) == []
    assert not AssignmentVersion.objects.exists()
