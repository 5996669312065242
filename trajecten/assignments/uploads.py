"""Checks an uploaded file by what it is, not by what it says it is.

The extension must be on the allowed list and agree with the content
(magic bytes, read with the filetype library). Office files are zip
archives: filetype only looks at the first bytes, so for a zip we look
inside for the part that makes it a document, spreadsheet or presentation,
reading the table of contents and a few bytes of one part, never a whole
part (a zip bomb unpacks a small upload into gigabytes). Files that carry
HTML a browser could run, and PDFs with scripts or launch actions, are
refused too. Memory stays bounded: files are read in chunks.
"""

import os
import re
import struct
import zipfile
import zlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
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
ZIP_KINDS = {"zip", "docx", "pptx", "xlsx", "odt", "odp"}

# Limits for office archives. Real files pass them by far: a Word or
# LibreOffice text holds 10 to 40 parts, a deck of 300 slides with notes and
# pictures about 1,500; their XML deflates 5 to 20 times, pictures (already
# compressed) about once. A bomb deflates zeros a thousand times, or counts
# one compressed block under many names.
MAX_ARCHIVE_ENTRIES = 10_000
# What all parts together declare to unpack to: a 25 MB upload of pure text
# XML at 10:1 is 250 MB (some 100,000 pages); twice that leaves room.
MAX_ARCHIVE_UNPACKED_BYTES = 512 * 1024 * 1024
# Apache POI (what Java tools use to read Office files) refuses parts that
# unpack more than 100 times; its grace for small parts is 100 KB, ours 1 MiB:
# a short part of repetitive XML may deflate far better and harms no one.
MAX_PART_RATIO = 100
RATIO_GRACE_BYTES = 1024 * 1024
# All we ever read of a part: the ODF `mimetype` is 46 bytes at most.
PART_PREFIX_BYTES = 256

# Browsers decide whether a file is HTML from its first 1,445 bytes
# (WHATWG MIME sniffing; older ones from the first 256 or 1,024, anywhere in
# them, not only at the start). In that window any tag a sniffer knows counts.
SNIFF_WINDOW_BYTES = 1445
SNIFFED_AS_HTML = re.compile(
    rb"<(?:!--|a\s+href|(?:!doctype\s+html|html|head|body|script|i?frame|frameset|object|embed"
    rb"|meta|link|base|style|title|table|form|plaintext|math|svg|img|pre|div|font|h[1-6]|br)"
    rb"[\s/>])",
    re.IGNORECASE,
)
# In the rest of the file only tags of four letters and more: in compressed
# data (pictures, deflated parts) a short tag would turn up by chance in one
# file of a few hundred; these, in about one 25 MB file in ten thousand.
CARRIES_HTML = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|frameset|object|embed|meta|link|base"
    rb"|style|title|table|form|plaintext|math)[\s/>]",
    re.IGNORECASE,
)


def _pdf_name(name):
    """A PDF name as readers decode it: any character may be written #xx."""

    def character(char):
        code = "".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in f"{ord(char):02x}")
        return f"(?:{re.escape(char)}|#{code})"

    # A name ends at white space or a delimiter; "/JavaScripts" is another name.
    return "/" + "".join(character(char) for char in name) + r"(?=[\s/<>\[\]()%{}])"


# Scripts and "launch" actions (start a program) in a PDF. Social workers'
# PDFs are exported from a word processor or scanned, and never need them;
# the files are opened by editors on their own computers, and a form that
# needs its scripts can be printed to a new PDF without them.
PDF_ACTIVE = re.compile(
    ("|".join(_pdf_name(name) for name in ["JavaScript", "Launch"])).encode("ascii")
)
# Compressed object streams (PDF 1.5) hide dictionaries from a look at the
# raw bytes: their content is inflated (within a budget) and looked at too.
# The match ends where the stream's data starts, after the keyword `stream`
# that follows its dictionary (not in the `endstream` of another).
PDF_OBJECT_STREAM = re.compile(
    rb"/Type\s*/ObjStm(?:(?!endobj).){0,2048}?[^d]stream\r?\n", re.DOTALL
)
# A PDF of a thousand pages has a few hundred object streams that inflate
# to a few MB; each costs a read, so their number is bounded too.
PDF_INFLATED_BUDGET_BYTES = 64 * 1024 * 1024
MAX_PDF_OBJECT_STREAMS = 5_000
INFLATE_READ_BYTES = 16 * 1024

CHUNK_BYTES = 64 * 1024
# Patterns found across a chunk boundary: the longest is well under this.
OVERLAP_BYTES = 64

# What a hostile or broken archive may raise while its table of contents is
# read or a part is opened; each means "not a document we accept".
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    RuntimeError,
    ValueError,
    EOFError,
    OSError,
    KeyError,
    OverflowError,
    struct.error,
    zlib.error,
)


def _bomb(name):
    return ValidationError(
        _(
            "%(name)s would unpack to far more than its own size, as a harmful file does. "
            "Save the document again from your word processor, or send it as a PDF."
        )
        % {"name": name}
    )


def _damaged(name):
    return ValidationError(
        _(
            "%(name)s is damaged: its table of contents does not match what it holds. "
            "Save the document again from your word processor, or send it as a PDF."
        )
        % {"name": name}
    )


def _too_many_parts(name, count):
    return ValidationError(
        _(
            "%(name)s holds %(count)s parts, far more than a document has. "
            "Save the document again from your word processor, or send it as a PDF."
        )
        % {"name": name, "count": number_format(count, force_grouping=True)}
    )


END_RECORD = struct.Struct("<4s4H2LH")
ZIP64_LOCATOR = struct.Struct("<4sLQL")
ZIP64_END_RECORD = struct.Struct("<4sQ2H2L4Q")
CENTRAL_ENTRY_BYTES = 46


def _count_parts(upload, name):
    """Walk the archive's table of contents (central directory) entry by
    entry, before zipfile reads it whole: zipfile makes an object of every
    entry (a DOCX of 200,000 empty parts cost 110 MB and a second), and
    this only counts. The table must sit right before its end record, as
    every office suite writes it: data before or after it is another file
    hiding in the archive, or a lie."""
    size = upload.size
    tail_size = min(size, END_RECORD.size + 0xFFFF)  # the end record and its comment
    upload.seek(size - tail_size)
    tail = upload.read(tail_size)
    found = tail.rfind(b"PK\x05\x06")
    if found < 0 or found + END_RECORD.size > len(tail):
        raise _damaged(name)
    _sig, _disk, _table_disk, _here, declared, table_size, table_start, _comment = (
        END_RECORD.unpack_from(tail, found)
    )
    table_end = size - tail_size + found
    if declared == 0xFFFF or 0xFFFFFFFF in (table_size, table_start):
        # ZIP64: a locator right before the end record points at a larger record.
        if found < ZIP64_LOCATOR.size:
            raise _damaged(name)
        signature, _disk, record_at, _disks = ZIP64_LOCATOR.unpack_from(
            tail, found - ZIP64_LOCATOR.size
        )
        upload.seek(record_at)
        record = upload.read(ZIP64_END_RECORD.size)
        if signature != b"PK\x06\x07" or len(record) < ZIP64_END_RECORD.size:
            raise _damaged(name)
        signature, *_rest, declared, table_size, table_start = ZIP64_END_RECORD.unpack(record)
        if signature != b"PK\x06\x06":
            raise _damaged(name)
        table_end = record_at
    if table_start + table_size != table_end:
        raise _damaged(name)
    position, count = table_start, 0
    while position < table_end:
        if count == MAX_ARCHIVE_ENTRIES:
            raise _too_many_parts(name, max(declared, count + 1))
        upload.seek(position)
        entry = upload.read(CENTRAL_ENTRY_BYTES)
        if len(entry) < CENTRAL_ENTRY_BYTES or entry[:4] != b"PK\x01\x02":
            raise _damaged(name)
        name_size, extra_size, comment_size = struct.unpack_from("<3H", entry, 28)
        position += CENTRAL_ENTRY_BYTES + name_size + extra_size + comment_size
        count += 1
    if position != table_end or count != declared:
        raise _damaged(name)
    return table_start


def _check_table_of_contents(entries, name, table_start):
    if sum(entry.file_size for entry in entries) > MAX_ARCHIVE_UNPACKED_BYTES:
        raise _bomb(name)
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_GRACE_BYTES and ratio > MAX_PART_RATIO:
            raise _bomb(name)
    # Two parts of one name (readers disagree on which counts) or parts that
    # share bytes (one compressed block counted many times) are no document.
    if len({entry.filename for entry in entries}) != len(entries):
        raise _damaged(name)
    by_position = sorted(entries, key=lambda entry: entry.header_offset)
    for entry, following in zip(by_position, [*by_position[1:], None], strict=True):
        # A local header is 30 bytes and the name; then the compressed data.
        end = entry.header_offset + 30 + entry.compress_size
        limit = following.header_offset if following is not None else table_start
        if entry.header_offset < 0 or end > limit:
            raise _damaged(name)


def _zip_kind(upload, name):
    upload.seek(0)
    try:
        table_start = _count_parts(upload, name)
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            _check_table_of_contents(entries, name, table_start)
            names = {entry.filename for entry in entries}
            for extension, marker in ZIP_MARKERS.items():
                if marker in names:
                    return extension
            if "mimetype" in names:
                # A bounded prefix: the part may claim to be small and inflate
                # to gigabytes; zipfile stops at what we ask for.
                with archive.open("mimetype") as part:
                    declared = part.read(PART_PREFIX_BYTES).decode("ascii", "ignore").strip()
                for extension, mimetype in ODF_MIMETYPES.items():
                    if declared == mimetype:
                        return extension
    except ZIP_ERRORS:
        return None
    finally:
        upload.seek(0)
    return None


def detected_extension(upload, name=None):
    """The extension the content says the file has (None when unknown);
    raises ValidationError for an archive that is a bomb or damaged."""
    upload.seek(0)
    header = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(header)
    if kind is None:
        return None
    if kind.extension in ZIP_KINDS:
        return _zip_kind(upload, name or upload.name)
    return "jpg" if kind.extension == "jpeg" else kind.extension


def _chunks(upload):
    """(offset, bytes) of the file in chunks, each with the tail of the one
    before it, so that a pattern cut at a boundary is found whole."""
    upload.seek(0)
    tail = b""
    offset = 0
    try:
        while chunk := upload.read(CHUNK_BYTES):
            yield offset - len(tail), tail + chunk
            tail = (tail + chunk)[-OVERLAP_BYTES:]
            offset += len(chunk)
    finally:
        upload.seek(0)


def _inflated(upload, offset):
    """(bytes inflated so far, bytes) of a deflate stream at `offset`, in
    bounded chunks with overlap; nothing for what does not inflate."""
    upload.seek(offset)
    inflater = zlib.decompressobj()
    pending = b""
    tail = b""
    produced = 0
    while not inflater.eof:
        if not pending:
            pending = upload.read(INFLATE_READ_BYTES)
            if not pending:
                return
        try:
            out = inflater.decompress(pending, CHUNK_BYTES)
        except zlib.error:
            # Another filter, or encrypted: no dictionaries to see in it.
            return
        pending = inflater.unconsumed_tail
        produced += len(out)
        yield produced, tail + out
        tail = (tail + out)[-OVERLAP_BYTES:]


def _html_refused(name):
    return ValidationError(
        _(
            "%(name)s contains web page code (HTML) that a browser could run. "
            "Save or export the file again and send that copy."
        )
        % {"name": name}
    )


def _pdf_active_refused(name):
    return ValidationError(
        _(
            "%(name)s contains scripts or actions that start other programs. "
            "Print it to a new PDF (Print, then Save as PDF) and send that copy."
        )
        % {"name": name}
    )


def _check_content(upload, name, extension):
    """Refuse HTML a browser could sniff and run, in any kind of file, and
    scripts or launch actions in a PDF."""
    upload.seek(0)
    window = upload.read(SNIFF_WINDOW_BYTES)
    upload.seek(0)
    if SNIFFED_AS_HTML.search(window):
        raise _html_refused(name)
    object_streams = set()
    for offset, data in _chunks(upload):
        if CARRIES_HTML.search(data):
            raise _html_refused(name)
        if extension == "pdf":
            if PDF_ACTIVE.search(data):
                raise _pdf_active_refused(name)
            object_streams.update(offset + m.end() for m in PDF_OBJECT_STREAM.finditer(data))
            if len(object_streams) > MAX_PDF_OBJECT_STREAMS:
                raise _bomb(name)
    left = PDF_INFLATED_BUDGET_BYTES
    try:
        for offset in sorted(object_streams):
            produced = 0
            for produced, data in _inflated(upload, offset):
                if produced > left:
                    raise _bomb(name)
                if CARRIES_HTML.search(data):
                    raise _html_refused(name)
                if PDF_ACTIVE.search(data):
                    raise _pdf_active_refused(name)
            left -= produced
    finally:
        upload.seek(0)


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
    actual = detected_extension(upload, name)
    expected = "jpg" if extension == "jpeg" else extension
    if actual != expected:
        raise ValidationError(
            _("%(name)s is not really a .%(extension)s file.")
            % {"name": name, "extension": extension}
        )
    _check_content(upload, name, expected)
    return name, ALLOWED[extension]
