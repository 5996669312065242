"""Every interface string has a Dutch and a French translation, and the
compiled catalogues in the repository match their sources."""

from pathlib import Path

import polib
import pytest

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_catalogue_is_complete(language):
    po = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))

    assert len(po) > 50
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_compiled_catalogue_matches_its_source(language):
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    source = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.pofile(str(folder / "django.po"))
        if not e.obsolete
    }
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.mofile(str(folder / "django.mo"))
        if e.msgid
    }

    assert compiled == source


def test_every_string_of_the_code_and_templates_is_in_both_catalogues(tmp_path, settings):
    """What `make messages` would find, on a copy of the sources: a string
    added without its translations is read in English by everyone."""
    import os
    import shutil

    from django.core.management import call_command

    root = LOCALE_DIR.parent
    copy = tmp_path / "portal"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            ".tools",
            ".hypothesis",
            ".ruff_cache",
            "var",
            "node_modules",
            "media",
            "*.mo",
            "*.sqlite3*",
        ),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    here = Path.cwd()
    os.chdir(copy)
    try:
        call_command(
            "makemessages",
            locale=["nl", "fr"],
            ignore_patterns=[".venv", ".tools", "var"],
            no_obsolete=True,
            verbosity=0,
        )
    finally:
        os.chdir(here)

    for language in ("nl", "fr"):
        po = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        missing = [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()]
        assert missing == [], language
