"""What the services raise when the rules refuse an action."""


class RegistrationError(Exception):
    """An action the rules refuse, with a message for the member or editor.
    `field` names the form field the message belongs to."""

    def __init__(self, message, *, code, field=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


class LateCancellation(RegistrationError):
    """Cancelling now is recorded but the full fee stays due: ask the member first."""
