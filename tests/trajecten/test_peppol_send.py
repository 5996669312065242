"""The portal sends an invoice by Peppol only when an access point is set up,
and says truthfully whether it went: sent, refused, or failed."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.trajecten.test_ubl import invoice
from trajecten.invoicing.peppol import SendStatus, send
from trajecten.invoicing.ubl import ubl_xml


class AccessPoint(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        AccessPoint.received.append((self.path, dict(self.headers), body))
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/refuse":
            self._answer(400, b'{"error": "PEPPOL-EN16931-R010: buyer endpoint missing"}')
        elif self.path == "/broken":
            self._answer(503, b"maintenance")
        else:
            self._answer(202, b'{"id": "ap-4711"}')

    def _answer(self, status, body):
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except BrokenPipeError:  # the slow test's client gave up
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def access_point():
    AccessPoint.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), AccessPoint)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_nothing_is_sent_when_no_access_point_is_set_up(settings):
    settings.PEPPOL_ACCESS_POINT_URL = ""
    result = send(invoice())
    assert result.status == SendStatus.NOT_CONFIGURED
    assert not result.sent
    with translation.override("nl"):
        assert str(result.message) == gettext(
            "Sending by Peppol is not set up: the invoice was not sent."
        )


def test_the_ubl_file_is_posted_to_the_access_point(settings, access_point):
    settings.PEPPOL_ACCESS_POINT_URL = f"{access_point}/documents"
    settings.PEPPOL_ACCESS_POINT_TOKEN = "s3cret"
    result = send(invoice())
    assert result.sent
    assert (result.http_status, result.answer) == (202, '{"id": "ap-4711"}')
    [(path, headers, body)] = AccessPoint.received
    assert path == "/documents"
    assert headers["Content-Type"] == "application/xml"
    assert headers["Authorization"] == "Bearer s3cret"
    assert body == ubl_xml(invoice())


def test_a_refusal_is_reported_with_the_access_points_answer(settings, access_point):
    settings.PEPPOL_ACCESS_POINT_URL = f"{access_point}/refuse"
    settings.PEPPOL_ACCESS_POINT_TOKEN = ""
    result = send(invoice())
    assert result.status == SendStatus.REFUSED
    assert not result.sent
    assert result.http_status == 400
    assert "PEPPOL-EN16931-R010" in result.answer
    assert "Authorization" not in AccessPoint.received[0][1]


def test_a_server_error_is_a_failure_to_try_again(settings, access_point):
    settings.PEPPOL_ACCESS_POINT_URL = f"{access_point}/broken"
    result = send(invoice())
    assert (result.status, result.http_status, result.answer) == (
        SendStatus.FAILED,
        503,
        "maintenance",
    )


def test_an_access_point_that_does_not_answer_is_a_failure(settings):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    settings.PEPPOL_ACCESS_POINT_URL = f"http://127.0.0.1:{port}/documents"
    result = send(invoice())
    assert result.status == SendStatus.FAILED
    assert not result.sent
    assert result.http_status is None
    assert "refused" in result.answer.lower()


def test_a_slow_access_point_times_out(settings, access_point):
    settings.PEPPOL_ACCESS_POINT_URL = f"{access_point}/slow"
    settings.PEPPOL_TIMEOUT = 0.5
    result = send(invoice())
    assert result.status == SendStatus.FAILED
    assert "timed out" in result.answer.lower()
