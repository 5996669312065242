"""/healthz for load balancers: 200 when the database and the cache answer,
503 (with which one failed) when not. No personal data, no session, no
language prefix."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    answer = cache.get(key)
    cache.delete(key)
    return answer == "ok"


CHECKS = {"database": _database, "cache": _cache}


@never_cache
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "failing"
        except Exception:  # noqa: BLE001 - any failure means "not healthy", and is logged
            logger.exception("Health check %s failed", name)
            results[name] = "failing"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(results, status=200 if healthy else 503)
