"""Editors pass two-factor authentication before their powers count
(EDITOR_MFA_REQUIRED): this middleware hands the request to the rule in
two_factor.py and sends an editor who opens the admin without the second
factor to set it up, or to give a code, instead of a refusal."""

from . import two_factor

ADMIN_PREFIX = "/admin/"


class EditorsNeedTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with two_factor.request_context(request):
            if self.must_pass(request):
                return two_factor.second_factor_response(request)
            return self.get_response(request)

    def must_pass(self, request):
        return request.path.startswith(ADMIN_PREFIX) and two_factor.lacks_second_factor(request)
