"""Texts of Django and allauth that the portal translates itself, so that
members read "je" in Dutch everywhere, as in the rest of the portal.

Their Dutch catalogues say "u" / "uw" / "a.u.b." in these strings (Django's
password rules, a few of allauth's pages); the French ones say "vous"
already. The project's catalogue (LOCALE_PATHS) is read before the
packages', so a translation in locale/ wins over theirs. But `make messages`
runs makemessages with --no-obsolete, which drops every msgid that no source
of the project contains: listed here, the msgids stay in the catalogue.

One more has no Dutch at all: Django 5.2 changed the msgid of the "too
short" password error and its Dutch catalogue still holds the old one, so
Dutch members read it in English.

Nothing imports this module; the lists are read by makemessages only. Each
msgid is copied exactly from its package (curly apostrophes, line breaks);
tests/accounts/test_tone.py fails when a package changes one of them. A
module rather than copies of allauth's templates: those would have to follow
every change allauth makes to its pages.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# django.contrib.auth.password_validation: the help texts under the password
# fields of sign-up, password reset and password change.
PASSWORD_RULES = [
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
]

# The password rules' errors: Django's Dutch catalogue lacks this one.
PASSWORD_ERRORS = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]

# allauth's templates (account/password_reset.html, password_reset_done.html,
# verification_sent.html, verified_email_required.html).
ALLAUTH = [
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. "
        "Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to finalize "
        "the signup process. If you do not see the verification email in your main inbox, check "
        "your spam folder. Please contact us if you do not receive the verification email within "
        "a few minutes."
    ),
    gettext_noop(
        "We have sent an email to you for\n"
        "verification. Please click on the link inside that email. If you do not see the "
        "verification email in your main inbox, check your spam folder. Otherwise\n"
        "contact us if you do not receive it within a few minutes."
    ),
]
