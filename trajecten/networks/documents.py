"""The file of a members-only meeting product under a name nobody can guess.

Wagtail serves documents through its view here (WAGTAILDOCS_SERVE_METHOD =
"serve_view"), where the before_serve_document hook lets only the network's
members have it. But the file also lies in the media storage, at
/media/documents/<its upload name> (a public bucket in production), where
no hook runs: once its meeting makes it members-only, it moves to a folder
of random letters, so that the only way to it is the checked view."""

import posixpath
import secrets

from wagtail.documents import get_document_model

HIDDEN_FOLDER = "documents/members"


def is_hidden(name):
    return name.startswith(f"{HIDDEN_FOLDER}/")


def hide_file(document):
    """Move the document's file under a random folder (and remove the old one)."""
    old = document.file.name
    if not old or is_hidden(old):
        return
    storage = document.file.storage
    new_name = f"{HIDDEN_FOLDER}/{secrets.token_urlsafe(24)}/{posixpath.basename(old)}"
    with storage.open(old, "rb") as content:
        new = storage.save(new_name, content)
    get_document_model().objects.filter(pk=document.pk).update(file=new)
    document.file.name = new
    storage.delete(old)
