"""django-csp's middleware with the policy built once: the portal's policy is
the same for every response (no nonce, no view that changes it), and
django-csp builds the header again for each one (a tenth of a cached page's
time before the page cache came first)."""

from functools import cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed

# What a view (django-csp's decorators) or a template (a nonce) changes for
# one response: then django-csp builds that response's policy itself.
PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace")


@cache
def _policy(report_only):
    return build_policy(report_only=report_only)


def _forget(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policy.cache_clear()


setting_changed.connect(_forget, dispatch_uid="portal-csp-policy")


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(self, request, response):
        changed = any(
            hasattr(response, name) or hasattr(response, f"{name}_ro") for name in PER_RESPONSE
        )
        if changed or getattr(request, "_csp_nonce", None) is not None:
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (404, 500):
            return response
        for header, setting, exempt, report_only in [
            (HEADER, "CONTENT_SECURITY_POLICY", "_csp_exempt", False),
            (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro", True),
        ]:
            policy = _policy(report_only)
            if not policy or header in response or getattr(response, exempt, False):
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        # As django-csp: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
