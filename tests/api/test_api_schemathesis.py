"""Schemathesis over the whole OpenAPI document, as anonymous, an applicant and a window clerk
(issue 18 acceptance: "0 × 5xx and 0 schema violations", in CI with a fixed seed).

Every operation of ``/api/v1/openapi.json`` gets ``EXAMPLES`` generated requests (valid and
invalid, derandomized: the same requests on every run), each sent by the three callers through
the WSGI application against the two-city ``world`` of ``tests/api/conftest.py``. Each answer
must pass schemathesis' checks:

- ``not_a_server_error``: no 5xx;
- ``status_code_conformance``: the status is one the document lists for the operation;
- ``content_type_conformance``: the content type is the documented one;
- ``response_schema_conformance``: the body validates against the documented schema (the one
  error body ``{code, message, detail}`` for every 4xx).

Bounded to run in about two minutes on two cores: ``EXAMPLES`` per operation, callers in one
example, no shrinking (a failure is reported as found, with the request to replay it).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from tests.api.conftest import openapi_document

pytestmark = pytest.mark.django_db

EXAMPLES = 4
CALLERS = ("anonymous", "person", "window_clerk")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


class _TestWSGIHandler(WSGIHandler):
    """Django's WSGI handler without the per-request connection clean-up, as the test client
    does: the world lives in the test's transaction on the one connection."""

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            return super().__call__(environ, start_response)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


SEED = 18
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        # the fuzzing phase only (valid and invalid data); the coverage phase alone makes ~100
        # requests per operation, too many for the suite (bench it with the CLI instead)
        "phases": {"coverage": {"enabled": False}, "examples": {"enabled": False}},
        "generation": {"max-examples": EXAMPLES},
    }
)
schema = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)
schema.app = _TestWSGIHandler()


@pytest.fixture(scope="module")
def headers(world, tokens) -> dict[str, dict[str, str]]:
    return {
        "anonymous": {},
        **{who: {"Authorization": f"Bearer {tokens[who]}"} for who in CALLERS if who != "anonymous"},
    }


@schema.parametrize()
@settings(
    database=None, deadline=None, phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck)
)
def test_api_conforms_to_its_openapi_document(case, headers, db):
    from django.core.cache import cache

    for who in CALLERS:
        cache.clear()  # throttle counters: the generated calls are many more than a minute's allowance
        case.call_and_validate(headers=headers[who], checks=CHECKS)


def _schema_classes(cls) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        if sub.__module__.startswith("zwfw."):
            out.append(sub)
        out.extend(_schema_classes(sub))
    return out


def test_component_names_are_unique():
    """The document names each schema component after its class; two apps' classes of one name
    (bundles' and policies' ``ApplicationOut``) would make one describe the other's answers."""
    from collections import defaultdict

    from ninja import Schema

    components = set(openapi_document()["components"]["schemas"])
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in _schema_classes(Schema):
        if cls.__name__ in components and cls.__name__ != "ErrorOut":  # one error body everywhere
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    clashes = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert not clashes, clashes
