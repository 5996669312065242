"""Belgian enterprise numbers (KBO / BCE): ten digits whose last two are a
modulo-97 check of the first eight. python-stdnum knows the rule (and the
"BE" prefix, dots and spaces people type); this module only turns its
refusals into messages a member reads, in their language."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions
from stdnum.be import vat

# The Peppol scheme of the Belgian enterprise number (ICD 0208).
PEPPOL_SCHEME = "0208"


def compact(value):
    """ "BE 0202.239.951" → "0202239951" (what is stored)."""
    return vat.compact(value or "")


def formatted(number):
    """ "0202239951" → "0202.239.951", as the KBO / BCE writes it."""
    return f"{number[:4]}.{number[4:7]}.{number[7:]}" if len(number) == 10 else number


def validate_enterprise_number(value):
    try:
        vat.validate(value)
    except exceptions.InvalidLength:
        raise ValidationError(
            _("An enterprise number has ten digits, for example 0202.239.951."), code="length"
        ) from None
    except exceptions.InvalidChecksum:
        raise ValidationError(
            _("This enterprise number does not exist: check its digits."), code="checksum"
        ) from None
    except exceptions.ValidationError:
        raise ValidationError(
            _("An enterprise number has ten digits, for example 0202.239.951."), code="invalid"
        ) from None


def peppol_identifier(number):
    """The Peppol participant identifier of a Belgian organisation, by default."""
    return f"{PEPPOL_SCHEME}:{number}"
