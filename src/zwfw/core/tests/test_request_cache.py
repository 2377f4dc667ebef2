"""Issue 9: a staff user's scope grants are read once per request, and only within a request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zwfw.core.models import Role
from zwfw.core.request_cache import request_cache, request_cache_open
from zwfw.core.selectors.scope import user_scope
from zwfw.core.services.accounts import scope_grant_create
from zwfw.core.tests import factories

pytestmark = pytest.mark.django_db


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_scope_grants_are_read_once_per_request_and_a_new_grant_is_seen_at_once():
    factories.make_department("510100", "zwfw")
    clerk = factories.make_user(role=Role.WINDOW_CLERK, username="rc_clerk", department="510100-zwfw")
    admin = factories.make_user(role=Role.PLATFORM_ADMIN, username="rc_admin")
    assert request_cache() is None
    assert _queries(lambda: user_scope(clerk)) == _queries(lambda: user_scope(clerk)) >= 1  # no memo outside
    with request_cache_open():
        first = user_scope(clerk)
        assert _queries(lambda: user_scope(clerk)) == 0
        assert first.granted_region_paths == ()
        scope_grant_create(actor=admin, user=clerk, region_code="510700", reason="代办绵阳")
        assert user_scope(clerk).granted_region_paths != ()  # the grant clears the memo
    assert request_cache() is None


def test_every_request_gets_a_fresh_memo():
    from zwfw.core.middleware import RequestCacheMiddleware

    seen = []

    def view(request):
        seen.append(dict(request_cache()))  # what the request starts with
        request_cache()["x"] = 1
        from django.http import HttpResponse

        return HttpResponse("ok")

    middleware = RequestCacheMiddleware(view)
    middleware(None)
    middleware(None)
    assert seen == [{}, {}]  # the first request's entry is not seen by the second
    assert request_cache() is None
