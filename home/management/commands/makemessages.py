"""Django's makemessages without fuzzy matching: a guessed translation
("Meetings" → "site settings") is worse than an empty one that the
catalogue test reports."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
