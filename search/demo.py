"""Demo synonyms, then the search index of all demo content."""

from .indexing import rebuild
from .models import SynonymGroup

SYNONYMS = [
    "OCMW, CPAS",
    "leefloon, revenu d'intégration sociale, RIS",
    "vluchteling, réfugié",
    "mensen zonder wettig verblijf, personnes sans séjour légal, sans-papiers",
]


def load(stdout):
    for terms in SYNONYMS:
        SynonymGroup.objects.get_or_create(terms=terms)
    total = rebuild()
    stdout.write(f"  Search: {total} pages indexed.")
