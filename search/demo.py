"""Demo synonyms, a demo document, then the search index of all demo content."""

import re

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from .indexing import rebuild
from .models import SynonymGroup

SYNONYMS = [
    "OCMW, CPAS",
    "leefloon, revenu d'intégration sociale, RIS",
    "vluchteling, réfugié",
    "mensen zonder wettig verblijf, personnes sans séjour légal, sans-papiers",
    # The portal calls the five principles of 2018 "krachtlijnen" and "lignes
    # directrices"; people also say "principes", in both languages.
    "krachtlijn, principe, ligne directrice, principe directeur",
]

DOCUMENT_TITLE = "Vademecum leefloon · Vade-mecum revenu d'intégration"
DOCUMENT_LINES = [
    "Vademecum leefloon voor maatschappelijk werkers van het OCMW.",
    "Voorwaarden, bedragen en de sociale enquete stap voor stap.",
    "Vade-mecum du revenu d'integration pour les assistants sociaux du CPAS.",
    "Conditions, montants et enquete sociale, etape par etape.",
]


def text_pdf(lines):
    """A small valid PDF showing `lines` (ASCII) in Helvetica: enough for the
    demo and the tests to have a document whose text can be searched."""
    safe = [re.sub(r"[()\\]", "", line) for line in lines]
    text = " ".join(f"({line}) Tj 0 -16 Td" for line in safe)
    stream = f"BT /F1 11 Tf 56 780 Td {text} ET".encode("latin-1")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>"
        b"/Contents 4 0 R>>",
        b"<</Length %d>>stream\n%s\nendstream" % (len(stream), stream),
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


def load(stdout):
    for terms in SYNONYMS:
        SynonymGroup.objects.get_or_create(terms=terms)
    documents = get_document_model()
    if not documents.objects.filter(title=DOCUMENT_TITLE).exists():
        documents.objects.create(
            title=DOCUMENT_TITLE,
            file=ContentFile(text_pdf(DOCUMENT_LINES), name="vademecum-leefloon.pdf"),
        )
    total = rebuild()
    stdout.write(f"  Search: {total} pages and documents indexed.")
