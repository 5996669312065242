"""gunicorn for the portal: `gunicorn -c gunicorn.conf.py portal.wsgi`.
Every value can be set from the environment of the container."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Two workers per core is a sound start for a Django app waiting on its database.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then so that a slow leak never grows large.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The portal logs as JSON itself; gunicorn's access log is off unless asked for.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """What a worker loaded to start (Django, Wagtail, the portal's modules)
    stays for the worker's life: frozen, Python's collector no longer walks
    it in every full collection, which paused a large admin listing by
    100 ms every few requests."""
    import gc

    gc.collect()
    gc.freeze()
