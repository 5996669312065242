"""Checks an uploaded file by what it is, not by what it says it is.

The extension must be on the allowed list and agree with the content
(magic bytes, read with the filetype library). Office files are zip
archives: filetype only looks at the first bytes, so for a zip we look
inside for the part that makes it a document, spreadsheet or presentation.
"""

import os
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
}
# What is inside a zip that makes it one of the office formats.
ZIP_MARKERS = {
    "docx": "word/document.xml",
    "pptx": "ppt/presentation.xml",
    "xlsx": "xl/workbook.xml",
}
ODF_MIMETYPES = {"odt": ALLOWED["odt"], "odp": ALLOWED["odp"]}


def _zip_kind(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            for extension, marker in ZIP_MARKERS.items():
                if marker in names:
                    return extension
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "ignore").strip()
                for extension, mimetype in ODF_MIMETYPES.items():
                    if declared == mimetype:
                        return extension
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    return None


def detected_extension(upload):
    upload.seek(0)
    header = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(header)
    if kind is None:
        return None
    if kind.extension in {"zip", "docx", "pptx", "xlsx", "odt", "odp"}:
        return _zip_kind(upload)
    return "jpg" if kind.extension == "jpeg" else kind.extension


def check_upload(upload):
    """Raise ValidationError with a message for the participant, or return
    (safe original name, content type)."""
    name = upload.name or ""
    if name != os.path.basename(name) or "/" in name or "\\" in name or name.startswith("."):
        raise ValidationError(
            _("The file name %(name)s is not allowed: give the file a plain name.") % {"name": name}
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError(
            _(
                "%(name)s is not an allowed kind of file. Send PDF, DOCX, PPTX, ODT, ODP, XLSX or an image."
            )
            % {"name": name}
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name})
    limit = settings.ASSIGNMENT_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s.") % {"name": name, "limit": filesizeformat(limit)}
        )
    actual = detected_extension(upload)
    expected = "jpg" if extension == "jpeg" else extension
    if actual != expected:
        raise ValidationError(
            _("%(name)s is not really a .%(extension)s file.")
            % {"name": name, "extension": extension}
        )
    return name, ALLOWED[extension]
