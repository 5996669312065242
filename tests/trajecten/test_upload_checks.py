"""The checks of an uploaded assignment file refuse what is hostile (zip
bombs, archives with absurd or lying tables of contents, HTML a browser
could sniff and run, PDFs with scripts or launch actions) without
unpacking it, and let real office files, PDFs and pictures through."""

import io
import random
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.factories import hostile_files
from tests.factories.hostile_files import MiB
from trajecten.assignments import uploads
from trajecten.assignments.uploads import check_upload


def refusal(name, content):
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, content))
    return refused.value.messages[0]


def dutch(text, **values):
    with translation.override("nl"):
        return translation.gettext(text) % values


BOMB = (
    "%(name)s would unpack to far more than its own size, as a harmful file does. "
    "Save the document again from your word processor, or send it as a PDF."
)
DAMAGED = (
    "%(name)s is damaged: its table of contents does not match what it holds. "
    "Save the document again from your word processor, or send it as a PDF."
)
HTML = (
    "%(name)s contains web page code (HTML) that a browser could run. "
    "Save or export the file again and send that copy."
)
ACTIVE_PDF = (
    "%(name)s contains scripts or actions that start other programs. "
    "Print it to a new PDF (Print, then Save as PDF) and send that copy."
)


def check_measured(path, name):
    """Check the file at `path` as an upload; returns (the refusal, the peak
    of memory Python allocated while checking)."""
    with path.open("rb") as handle, translation.override("nl"):
        upload = File(handle, name=name)
        tracemalloc.start()
        try:
            with pytest.raises(ValidationError) as refused:
                check_upload(upload)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return refused.value.messages[0], peak


# Zip bombs and absurd archives ---------------------------------------------------------------


@pytest.mark.parametrize("member", ["mimetype", "content.xml"])
def test_a_zip_bomb_is_refused_without_unpacking_it(tmp_path, member):
    # 128 MiB of zeros deflate to 128 KB; the file is built as a stream.
    bomb = hostile_files.zip_bomb(tmp_path / "nota.odt", unpacked=128 * MiB, member=member)
    assert bomb.stat().st_size < 200 * 1024

    message, peak = check_measured(bomb, "nota.odt")

    assert peak < 2 * MiB
    assert message == dutch(BOMB, name="nota.odt")


def test_only_a_few_bytes_of_a_part_are_ever_read(tmp_path, monkeypatch):
    # Even with the limits on sizes and ratios out of the way, the check reads
    # a bounded prefix of the part it looks at, never the whole part.
    monkeypatch.setattr(uploads, "MAX_PART_RATIO", 10**9, raising=False)
    monkeypatch.setattr(uploads, "MAX_ARCHIVE_UNPACKED_BYTES", 10**12, raising=False)
    bomb = hostile_files.zip_bomb(tmp_path / "nota.odt", unpacked=128 * MiB)

    message, peak = check_measured(bomb, "nota.odt")

    assert peak < 2 * MiB
    assert message == dutch(
        "%(name)s is not really a .%(extension)s file.", name="nota.odt", extension="odt"
    )


def test_an_archive_declaring_an_absurd_size_is_refused(monkeypatch):
    # Parts that each deflate as real XML does, but together declare more than any document.
    monkeypatch.setattr(uploads, "MAX_ARCHIVE_UNPACKED_BYTES", 4 * MiB)
    text = "".join(f"<w:p><w:r><w:t>Alinea {n}</w:t></w:r></w:p>" for n in range(40_000))

    message = refusal(
        "nota.docx", hostile_files.docx(extra=[(f"word/part{n}.xml", text) for n in range(4)])
    )

    assert message == dutch(BOMB, name="nota.docx")


def test_an_archive_with_too_many_parts_is_refused():
    entries = uploads.MAX_ARCHIVE_ENTRIES + 1

    message = refusal("nota.docx", hostile_files.docx_with_many_entries(entries))

    assert message.startswith("nota.docx ")
    assert "10.003" in message  # the count, in Dutch notation


def test_parts_are_counted_without_reading_the_table_of_contents_whole(tmp_path):
    # A DOCX of 200,000 empty parts (22 MB) was accepted; reading its table of
    # contents whole cost 110 MB. Counting stops at the limit.
    path = tmp_path / "nota.docx"
    path.write_bytes(hostile_files.docx_with_many_entries(200_000))

    message, peak = check_measured(path, "nota.docx")

    assert peak < 2 * MiB
    assert "200.002" in message


@pytest.mark.parametrize(
    "build",
    [
        hostile_files.docx_with_overlapping_entries,
        hostile_files.docx_with_duplicate_names,
        hostile_files.docx_after_another_archive,
    ],
)
def test_an_archive_whose_table_of_contents_does_not_match_is_refused(build):
    assert refusal("nota.docx", build()) == dutch(DAMAGED, name="nota.docx")


def test_a_bomb_in_a_pdf_object_stream_is_refused():
    inflater = zlib.compressobj()
    packed = b"".join(inflater.compress(bytes(MiB)) for _ in range(100)) + inflater.flush()
    pdf = (
        b"%PDF-1.5\n3 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(packed)).encode()
        + b" >>\nstream\n"
        + packed
        + b"\nendstream\nendobj\ntrailer <<>>\n%%EOF\n"
    )

    tracemalloc.start()
    try:
        message = refusal("nota.pdf", pdf)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert message == dutch(BOMB, name="nota.pdf")
    assert peak < len(pdf) + 2 * MiB  # the upload itself, in memory here, and a few chunks


# HTML and active content -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("nota.pdf", hostile_files.pdf_with_html_in_header),
        ("nota.pdf", hostile_files.pdf_with_html_in_stream),
        ("schema.png", hostile_files.png_with_html),
        ("foto.jpg", hostile_files.jpeg_with_html),
        ("nota.docx", hostile_files.docx_with_html_first),
    ],
)
def test_html_a_browser_could_run_is_refused_in_any_kind_of_file(name, build):
    assert refusal(name, build()) == dutch(HTML, name=name)


@pytest.mark.parametrize(
    "build",
    [
        hostile_files.pdf_with_action,
        hostile_files.pdf_with_launch,
        hostile_files.pdf_with_escaped_javascript,
        hostile_files.pdf_with_javascript_in_object_stream,
    ],
)
def test_a_pdf_with_scripts_or_launch_actions_is_refused(build):
    assert refusal("nota.pdf", build()) == dutch(ACTIVE_PDF, name="nota.pdf")


def test_a_script_in_a_compressed_object_stream_is_found():
    pdf = hostile_files.pdf_with_javascript_in_object_stream()

    assert b"/JavaScript" not in pdf  # not to be seen in the raw bytes
    assert refusal("nota.pdf", pdf) == dutch(ACTIVE_PDF, name="nota.pdf")


# What real files look like -----------------------------------------------------------------

WORDS = ["de", "het", "een", "sociaal", "werk", "ocmw", "cliënt", "budget", "taal", "leefloon"]
WORDS += ["begeleiding", "integratie", "huisvesting", "traject", "vorming", "gemeente", "beleid"]


def realistic_docx(rng):
    """A long report: 6 MB of varied paragraph XML (deflates about 10:1) and pictures."""
    paragraphs = "".join(
        f'<w:p w:rsidR="00{rng.randint(100000, 999999)}"><w:r><w:t xml:space="preserve">'
        + " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 40)))
        + "</w:t></w:r></w:p>"
        for _ in range(20_000)
    )
    return hostile_files.docx(
        extra=[
            ("word/styles.xml", "<w:styles>" + "<w:style/>" * 2000 + "</w:styles>"),
            *((f"word/media/image{n}.png", rng.randbytes(50_000)) for n in range(20)),
            ("word/body.xml", f"<w:document><w:body>{paragraphs}</w:body></w:document>"),
        ]
    )


def realistic_pptx(rng):
    """A deck of 300 slides with notes and pictures: about 1,500 parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
        for n in range(1, 301):
            words = " ".join(rng.choice(WORDS) for _ in range(30))
            archive.writestr(f"ppt/slides/slide{n}.xml", f"<p:sld><a:t>{words}</a:t></p:sld>")
            archive.writestr(f"ppt/slides/_rels/slide{n}.xml.rels", "<Relationships/>")
            archive.writestr(f"ppt/notesSlides/notesSlide{n}.xml", f"<p:notes>{words}</p:notes>")
            archive.writestr(f"ppt/notesSlides/_rels/notesSlide{n}.xml.rels", "<Relationships/>")
            archive.writestr(f"ppt/media/image{n}.jpeg", rng.randbytes(2_000))
    return buffer.getvalue()


def realistic_xlsx(rng):
    """A spreadsheet of 60,000 rows: 11 MB of sheet XML."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>{n % 40}</v></c><c r="B{n}"><v>{rng.randint(0, 2000)}'
        f'</v></c><c r="C{n}"><f>B{n}*2</f><v>0</v></c></row>'
        for n in range(1, 60_001)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(
            "xl/worksheets/sheet1.xml", f"<worksheet><sheetData>{rows}</sheetData></worksheet>"
        )
    return buffer.getvalue()


XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:RDF><rdf:Description><dc:title><rdf:Alt><rdf:li xml:lang="x-default">Beleidsnota'
    b"</rdf:li></rdf:Alt></dc:title><pdf:Producer>LibreOffice 24.2</pdf:Producer>"
    b'</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
)


def realistic_pdf(rng):
    """A PDF as word processors write it: an object stream, a page stream of
    drawn text, a link, hex strings, XMP metadata and a compressed picture."""
    dictionaries = zlib.compress(
        b"4 0 5 60 << /Type /Page /Parent 2 0 R /Resources << /Font << /F1 6 0 R >> >> "
        b"/Contents 7 0 R /Annots [ << /Type /Annot /Subtype /Link /A << /S /URI "
        b"/URI (https://www.vvsg.be/) >> >> ] >> << /Type /Font /Subtype /TrueType "
        b"/BaseFont /Liberation#20Sans /ToUnicode <feff0041> >>"
    )
    page = b"BT /F1 12 Tf 72 712 Td (Beleidsnota <budget> & planning) Tj ET\n" * 200
    picture = rng.randbytes(200_000)
    return (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R /Metadata 8 0 R /Lang (nl-BE) >> endobj\n"
        b"3 0 obj << /Type /ObjStm /N 2 /First 10 /Filter /FlateDecode /Length "
        + str(len(dictionaries)).encode()
        + b" >>\nstream\n"
        + dictionaries
        + b"\nendstream\nendobj\n7 0 obj << /Length "
        + str(len(page)).encode()
        + b" >>\nstream\n"
        + page
        + b"endstream\nendobj\n8 0 obj << /Type /Metadata /Subtype /XML >>\nstream\n"
        + XMP
        + b"\nendstream\nendobj\n9 0 obj << /Type /XObject /Subtype /Image /Filter /DCTDecode >>"
        + b"\nstream\n"
        + picture
        + b"\nendstream\nendobj\ntrailer << /Root 1 0 R /ID [<a0b1c2d3e4f5> <a0b1c2d3e4f5>] >>\n"
        + b"%%EOF\n"
    )


def png_with_xmp():
    # Image editors put XMP metadata in an iTXt chunk near the start.
    chunk = b"iTXt" + b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + XMP
    itxt = struct.pack(">I", len(chunk) - 4) + chunk + struct.pack(">I", zlib.crc32(chunk))
    plain = hostile_files.png()
    return plain[:33] + itxt + plain[33:]


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("verslag.docx", realistic_docx),
        ("presentatie.pptx", realistic_pptx),
        ("cijfers.xlsx", realistic_xlsx),
        ("nota.pdf", realistic_pdf),
        ("nota.odt", lambda rng: hostile_files.odt()),
        ("schema.png", lambda rng: png_with_xmp()),
        ("foto.jpg", lambda rng: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + rng.randbytes(500_000)),
    ],
)
def test_real_documents_pass(name, build):
    content = build(random.Random(name))

    checked_name, _content_type = check_upload(SimpleUploadedFile(name, content))

    assert checked_name == name
