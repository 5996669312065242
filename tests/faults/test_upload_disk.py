"""A final assignment handed in onto a full or read-only disk: the member is
told on the form, and neither a file nor a record is left behind."""

import html

import pytest
from django.utils import translation
from django.utils.translation import gettext

from .harness import mount_tmpfs, remount_read_only, unmount

NOT_STORED = "We could not store your files, so nothing was handed in. Please try again later."
# A disk far smaller than the file, which fills it halfway through.
DISK_SIZE = "64k"


def _pdf(size):
    """A plain PDF of about `size` bytes: one page and a long content stream."""
    stream = b"q Q\n" * (size // 4)
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj\n"
        + f"4 0 obj<</Length {len(stream)}>>stream\n".encode()
        + stream
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


@pytest.fixture
def private_disk(fault_portal):
    """The portal's private uploads folder on a tmpfs of DISK_SIZE."""
    path = fault_portal.directory / "private"
    if not mount_tmpfs(path, DISK_SIZE):
        pytest.skip("mounting a tmpfs is not permitted here (needs root, or CAP_SYS_ADMIN)")
    try:
        yield path
    finally:
        unmount(path)


def _handed_in(portal):
    ((versions, files),) = portal.sql(
        """
        SELECT count(DISTINCT v.id), count(f.id)
        FROM trajecten_assignment a
        JOIN trajecten_assignmentversion v ON v.assignment_id = a.id
        LEFT JOIN trajecten_assignmentfile f ON f.version_id = v.id
        WHERE a.registration_id = %s
        """,
        portal.scenery["demo_registration"],
    )
    return versions, files


@pytest.mark.parametrize("disk", ["full", "read-only"])
def test_an_upload_onto_a_full_or_read_only_disk_tells_the_member_and_leaves_nothing(
    fault_portal, private_disk, disk
):
    portal = fault_portal
    if disk == "read-only":
        remount_read_only(private_disk)
    member = portal.demo_member()
    before = _handed_in(portal)

    response = member.post(
        portal.scenery["paths"]["assignment"],
        {"title": "Een onthaalpunt voor nieuwkomers", "summary": "Hoe we samen één loket openden."},
        files={"files": ("eindopdracht.pdf", _pdf(200 * 1024), "application/pdf")},
    )

    # The form again, with a message next to the files; not an error page.
    assert response.status_code == 200 or 400 <= response.status_code < 500, response.status_code
    with translation.override("nl"):
        message = gettext(NOT_STORED)
    assert message in html.unescape(response.text)
    left = [path for path in private_disk.rglob("*") if path.is_file()]
    assert left == [], f"files left on the disk: {left}"
    assert _handed_in(portal) == before, "a version was recorded without its files"
