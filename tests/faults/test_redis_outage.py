"""A Redis outage: visitors and members are served while it lasts, /healthz
tells the load balancer which service fails, and the page cache works again
once Redis is back."""

import os

import pytest

from .harness import failures, hammer, wait_until

# Short in the suite; FAULT_OUTAGE_SECONDS=20 measures the outage of the issue
# (run with -s to see the count of answers).
OUTAGE_SECONDS = float(os.environ.get("FAULT_OUTAGE_SECONDS", "4"))


def _break(portal, outage):
    if outage == "redis-stopped":
        portal.redis.stop()
    elif outage == "connections-cut":
        portal.redis_proxy.cut()
    else:
        portal.redis_proxy.hang()


def _mend(portal, outage):
    if outage == "redis-stopped":
        portal.redis.start()
    else:
        portal.redis_proxy.restore()


def _cached_again(client, path):
    response = client.get(path)
    return response.status_code == 200 and response.headers.get("X-Page-Cache") == "hit"


@pytest.mark.parametrize("outage", ["redis-stopped", "connections-cut", "connections-hang"])
def test_pages_are_served_while_redis_is_down_and_cached_again_once_it_is_back(
    fault_portal, outage
):
    portal = fault_portal
    pages = list(portal.scenery["pages"].values())
    dashboard = portal.scenery["paths"]["dashboard"]
    visitor = portal.client()
    member = portal.demo_member()
    assert member.get(dashboard).status_code == 200
    for path in pages:  # in the page cache before the outage
        assert visitor.get(path).status_code == 200

    _break(portal, outage)
    try:
        status, health = wait_until(
            lambda: (answer := portal.healthz())[0] == 503 and answer,
            seconds=10,
            message=lambda: f"/healthz answered {portal.healthz()} while Redis was down",
        )
        answers = hammer(
            [(visitor, path) for path in pages] + [(member, dashboard)], seconds=OUTAGE_SECONDS
        )
    finally:
        _mend(portal, outage)

    print(f"{outage} for {OUTAGE_SECONDS} s: {sum(answers.values())} answers, {dict(answers)}")
    assert not failures(answers), f"while Redis was down: {dict(answers)}"
    assert all(answers[(path, 200)] for path in pages), dict(answers)
    # The member's session is in the database too: they stay logged in.
    assert answers[(dashboard, 200)] and not answers[(dashboard, 302)], dict(answers)
    # The load balancer is told which service fails.
    assert isinstance(health, dict) and health.get("cache") not in (None, "ok"), health
    assert health.get("database") == "ok", health

    wait_until(
        lambda: portal.healthz()[0] == 200,
        seconds=15,
        message=lambda: f"/healthz answered {portal.healthz()} once Redis was back",
    )
    wait_until(
        lambda: _cached_again(visitor, pages[0]),
        seconds=15,
        message="pages were not cached again once Redis was back",
    )
    assert member.get(dashboard).status_code == 200
