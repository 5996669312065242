"""Hostile files for the upload checks and the fuzz tests: zip bombs, archives
with absurd tables of contents, and PDF/HTML polyglots, each small and built
by hand so that a test says exactly what it sends.

The large bombs are written to a file as a stream (`zip_bomb(path, ...)`), so
that building one never holds its unpacked size in memory.
"""

import io
import struct
import warnings
import zipfile
import zlib

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MiB = 1024 * 1024
GiB = 1024 * MiB

# The smallest valid PDF the portal accepts, as in the assignment tests.
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def docx(extra=()):
    """A minimal DOCX (bytes); `extra` is a list of (name, bytes) members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><w:body/></w:document>")
        for name, content in extra:
            archive.writestr(name, content)
    return buffer.getvalue()


def odt():
    """A minimal ODT (bytes): the mimetype first and stored, as ODF asks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def zip_bomb(target, *, unpacked=GiB, member="mimetype", extra=()):
    """An ODT whose `member` starts as it should (the ODT mimetype, or XML)
    and goes on with zeros up to `unpacked` bytes (1 GiB of zeros deflates to
    about 1 MB). `target` is a path or a writable binary file; the member is
    written in chunks, never held whole."""
    chunk = bytes(MiB)
    prefix = ODT_MIMETYPE if member == "mimetype" else b"<office:document-content>"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        if member != "mimetype":
            archive.writestr("mimetype", ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        with archive.open(member, "w", force_zip64=unpacked >= 2 * GiB) as stream:
            stream.write(prefix)
            left = unpacked - len(prefix)
            while left > 0:
                stream.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
        if member != "content.xml":
            archive.writestr("content.xml", "<office:document-content/>")
        for name, content in extra:
            archive.writestr(name, content)
    return target


def zip_bomb_bytes(unpacked=64 * MiB, **kwargs):
    """A small zip bomb in memory (64 MiB of zeros deflate to about 64 KB)."""
    buffer = io.BytesIO()
    zip_bomb(buffer, unpacked=unpacked, **kwargs)
    return buffer.getvalue()


def docx_with_many_entries(entries=200_000):
    """A DOCX that opens (it has word/document.xml) but holds `entries` empty
    parts: about 110 bytes each, so 200,000 of them make 22 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(entries):
            archive.writestr(f"word/p{number}", b"")
    return buffer.getvalue()


def docx_with_overlapping_entries():
    """A DOCX whose table of contents (central directory) sends a second name
    to the bytes of the first: the trick of the overlapping zip bombs, where
    one compressed block is counted many times."""
    content = docx(extra=[("word/styles.xml", "<w:styles/>")])
    start = content.rindex(b"PK\x05\x06")
    central = struct.unpack("<I", content[start + 16 : start + 20])[0]
    entry = central
    for _number in range(2):  # skip [Content_Types].xml and word/document.xml
        name_length, extra_length, comment_length = struct.unpack(
            "<HHH", content[entry + 28 : entry + 34]
        )
        entry += 46 + name_length + extra_length + comment_length
    # The third entry (word/styles.xml) now points at the first local header.
    return content[: entry + 42] + struct.pack("<I", 0) + content[entry + 46 :]


def docx_with_duplicate_names():
    """Two parts named word/document.xml: which one a reader takes depends on the reader."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate: that is the point
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/document.xml", "<w:document>2</w:document>")
    return buffer.getvalue()


def docx_after_another_archive():
    """Two archives in one file: readers that start from the front see the
    first, readers that start from the end (most) see the DOCX."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue() + docx()


def docx_with_html_first():
    """A DOCX whose first part is stored (not compressed) HTML, so the
    markup stands in the first bytes a browser sniffs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "word/afchunk.htm",
            "<html><body><script>alert(document.cookie)</script></body></html>",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def pdf_with_html_in_header():
    """Starts as a PDF, but a comment right after the header is an HTML page:
    PDF readers skip it, a browser that sniffs the first bytes runs it."""
    return (
        b"%PDF-1.4\n%<html><body><script>fetch('/nl/mijn-account/')</script></body></html>\n"
        + PDF[len(b"%PDF-1.4\n") :]
    )


def pdf_with_html_in_stream():
    """A PDF that carries an HTML page in an uncompressed stream further on."""
    page = b'<!DOCTYPE html><html><body onload="alert(1)">hi</body></html>'
    padding = b"% " + b"x" * 4000 + b"\n"
    return (
        b"%PDF-1.4\n"
        + padding
        + b"1 0 obj << /Length %d >>\nstream\n" % len(page)
        + page
        + b"\nendstream\nendobj\ntrailer <<>>\n%%EOF\n"
    )


def pdf_with_action(action=b"/S /JavaScript /JS (app.alert(1))"):
    """A PDF that runs `action` when it is opened."""
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj\n"
        b"2 0 obj << " + action + b" >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def pdf_with_launch():
    return pdf_with_action(b"/S /Launch /F (cmd.exe) /Win << /F (cmd.exe) /P (/c calc) >>")


def pdf_with_escaped_javascript():
    """/JavaScript spelled with #xx escapes, which PDF readers decode."""
    return pdf_with_action(b"/S /J#61va#53cript /JS (app.alert(1))")


def pdf_with_javascript_in_object_stream():
    """The JavaScript action hidden in a compressed object stream (PDF 1.5),
    where a look at the raw bytes does not find it."""
    objects = b"<< /S /JavaScript /JS (app.alert(1)) >>"
    header = b"2 0 "
    packed = zlib.compress(header + objects)
    dictionary = b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>" % (
        len(header),
        len(packed),
    )
    return (
        b"%PDF-1.5\n1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj\n"
        + b"3 0 obj "
        + dictionary
        + b"\nstream\n"
        + packed
        + b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def _png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png(text=None):
    """A 1x1 PNG; with `text`, a tEXt chunk holding it (as image editors add comments)."""
    chunks = [_png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))]
    if text is not None:
        chunks.append(_png_chunk(b"tEXt", b"Comment\x00" + text))
    chunks.append(_png_chunk(b"IDAT", zlib.compress(b"\x00\x00")))
    chunks.append(_png_chunk(b"IEND", b""))
    return PNG_SIGNATURE + b"".join(chunks)


def png_with_html():
    return png(b"<html><script>alert(document.domain)</script></html>")


def jpeg_with_html():
    """A JPEG with an HTML page in its comment segment (the classic image polyglot)."""
    comment = b"<script>alert(document.domain)</script>"
    return (
        b"\xff\xd8\xff\xe0"
        + struct.pack(">H", 16)
        + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\xff\xfe"
        + struct.pack(">H", len(comment) + 2)
        + comment
        + b"\xff\xd9"
    )
