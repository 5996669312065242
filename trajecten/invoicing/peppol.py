"""Sends an invoice's UBL file to the Peppol access point the portal uses.

Off unless PEPPOL_ACCESS_POINT_URL is set. send() never raises for the
network or the access point's answer: it says what happened, and only SENT
means the access point took the document."""

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .documents import Document
from .ubl import ubl_xml

# How much of the access point's answer is kept, to show and to store.
ANSWER_LIMIT = 10_000


class SendStatus:
    SENT = "sent"
    REFUSED = "refused"  # the access point answered, and did not take it
    FAILED = "failed"  # no answer: network, timeout, server error
    NOT_CONFIGURED = "not_configured"


MESSAGES = {
    SendStatus.SENT: _("Sent by Peppol."),
    SendStatus.REFUSED: _("The Peppol access point refused the invoice."),
    SendStatus.FAILED: _("The invoice could not be sent by Peppol. Try again later."),
    SendStatus.NOT_CONFIGURED: _("Sending by Peppol is not set up: the invoice was not sent."),
}


@dataclass(frozen=True)
class SendResult:
    status: str  # a SendStatus
    http_status: int | None = None
    answer: str = ""  # the access point's answer, or the network error

    @property
    def sent(self) -> bool:
        return self.status == SendStatus.SENT

    @property
    def message(self) -> str:
        return MESSAGES[self.status]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirected POST would arrive as an empty GET: treat it as an answer.
    def redirect_request(self, *args, **kwargs):
        return None


def is_configured() -> bool:
    return bool(getattr(settings, "PEPPOL_ACCESS_POINT_URL", ""))


def send(document: Document) -> SendResult:
    if not is_configured():
        return SendResult(SendStatus.NOT_CONFIGURED)
    url = settings.PEPPOL_ACCESS_POINT_URL
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        return SendResult(
            SendStatus.FAILED, answer="PEPPOL_ACCESS_POINT_URL is not an http(s) address"
        )
    headers = {"Content-Type": "application/xml"}
    token = getattr(settings, "PEPPOL_ACCESS_POINT_TOKEN", "")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url, data=ubl_xml(document), headers=headers, method="POST"
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=getattr(settings, "PEPPOL_TIMEOUT", 30)) as response:
            return SendResult(SendStatus.SENT, response.status, _read(response))
    except urllib.error.HTTPError as error:
        status = SendStatus.REFUSED if 400 <= error.code < 500 else SendStatus.FAILED
        return SendResult(status, error.code, _read(error))
    except (urllib.error.URLError, OSError) as error:  # refused, unreachable, timeout
        return SendResult(SendStatus.FAILED, None, str(getattr(error, "reason", error)))


def _read(response) -> str:
    try:
        return response.read(ANSWER_LIMIT).decode("utf-8", errors="replace")
    except OSError:
        return ""
