"""Every request gets an id, taken from the proxy's X-Request-ID when it sends
one, so that a log line can be traced to its request across app servers. The
id is returned in the response and added to every log record."""

import contextvars
import logging
import re
import uuid

current_request_id = contextvars.ContextVar("request_id", default="-")
# A proxy's id is trusted only when it looks like one (no log injection).
VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if VALID_ID.match(offered) else uuid.uuid4().hex
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_request_id.get()
        return True
