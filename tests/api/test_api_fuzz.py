"""No 500 for any bad input, on every route of the API (issue 2, "API basics").

Every operation of the OpenAPI document is called, as a platform admin and as an applicant (both
with a bearer key), with bad inputs generated from its own schema:

- path parameters: unknown ids, strings where integers go, huge and negative numbers, 10,000
  characters, SQL, HTML, emoji and control characters;
- query parameters: each required one missing, and each one given the same kinds of bad values
  (``"2026-13-45"`` where a date goes, ``"maybe"`` where a boolean goes);
- bodies: malformed JSON, JSON that is not an object, an empty object, each property of a
  minimal valid body given a wrong type or a hostile value, the wrong content type, and for
  upload routes a request without the file;
- then ``hypothesis`` (derandomized, a fixed number of examples per route) mixes arbitrary text,
  integers and JSON values into all parameters at once.

Each answer must be below 500 and, when it is a 4xx, carry the one error body
``{"code", "message", "detail"}``; a 422 validation error names each offending field in
``detail[].field``. The generated table is deterministic: a failure names the route, caller and
input, and reruns the same way.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, unquote, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.api.conftest import QUERY_VALUES, ROUTES, UNKNOWN_ID, Route, param_values, resolve, scalar_type

pytestmark = pytest.mark.django_db

CALLERS = ["platform_admin", "person"]
HYPOTHESIS_EXAMPLES = 6
LONG = "长" * 10_000
# PostgreSQL refuses NUL in text ("PostgreSQL text fields cannot contain NUL (0x00) bytes");
# zwfw.core.middleware.RejectNulMiddleware turns NUL away (400) before any query, on both databases.
NUL = "\x00"
HOSTILE_TEXT = [
    LONG,
    "' OR 1=1; DROP TABLE core_user; --",
    "<script>alert(1)</script>",
    "😀👨‍👩‍👧‍👦𠮷",
    NUL,
    "\u202e\ufeff\t\r\n",
    "%s%n{0}${x}",
    "",
]
BAD_BY_TYPE: dict[str, list[Any]] = {
    "integer": ["abc", "1.5", "9" * 40, "-1", "-99999999999999999999", "", "0x10"],
    "number": ["abc", "nan", "1e999", "-1"],
    "boolean": ["maybe", "2", ""],
    "date": ["2026-13-45", "2026-02-30", "not-a-date", "99999-01-01", "0000-00-00", ""],
    "date-time": ["2026-13-45T25:61:00", "yesterday"],
    "string": HOSTILE_TEXT,
}
PATH_BAD: dict[str, list[Any]] = {
    "integer": [UNKNOWN_ID, 0, -1, "9" * 40, "abc"],
    "string": [
        "NO-SUCH-CODE",
        quote(LONG[:2000], safe=""),
        quote("' OR 1=1 --", safe=""),
        quote("<b>x<b>", safe=""),
        quote("😀", safe=""),
        "%00",
    ],
}
MINIMAL_BY_TYPE: dict[str, Any] = {"integer": 1, "number": 1, "boolean": True, "array": [], "object": {}, "string": "x"}


def _kind(schema: dict[str, Any]) -> str:
    type_, format_ = scalar_type(schema)
    return format_ if format_ in {"date", "date-time"} else type_


def _valid_query(route: Route) -> dict[str, Any]:
    out = {}
    for p in route.params("query"):
        if p.get("required"):
            value = QUERY_VALUES.get(p["name"], MINIMAL_BY_TYPE.get(_kind(p["schema"]), "x"))
            max_length = p["schema"].get("maxLength")
            out[p["name"]] = value[:max_length] if isinstance(value, str) and max_length else value
    return out


def _valid_path(route: Route, world: dict) -> dict[str, Any]:
    known = param_values(route, world)
    out = {}
    for p in route.params("path"):
        values = known.get(p["name"])
        out[p["name"]] = (
            next(iter(values.values())) if values else (UNKNOWN_ID if _kind(p["schema"]) == "integer" else "x")
        )
    return out


def _minimal(schema: dict[str, Any]) -> Any:
    schema = resolve(schema)
    kind = _kind(schema)
    if kind == "date":
        return "2026-03-02"
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {name: _minimal(props[name]) for name in schema.get("required", []) if name in props}
    if "enum" in schema:
        return schema["enum"][0]
    return MINIMAL_BY_TYPE.get(kind, "x")


def _wrong_values(schema: dict[str, Any]) -> list[Any]:
    kind = _kind(resolve(schema))
    wrong: list[Any] = [
        None,
        {"nested": ["x"]},
        [1, 2],
        10**30,
        -1,
        LONG,
        NUL,
        "2026-13-45",
        "😀",
    ]
    if kind in {"integer", "number"}:
        wrong += ["abc", 1.5]
    elif kind == "string":
        wrong += [12345, True]
    elif kind == "array":
        wrong += ["x", [None], [{"a": LONG}]]
    return wrong


def _url(route: Route, path_values: dict[str, Any]) -> str:
    path = route.path
    for name, value in path_values.items():
        path = path.replace("{" + name + "}", str(value))
    return path


def _body_requests(route: Route) -> list[tuple[str, Any, str]]:
    """(label, data, content_type) bodies for the route."""
    types = route.body_content_types
    if not types:
        return []
    if "application/json" not in types:  # multipart uploads
        return [
            ("no file", {}, "multipart"),
            ("json instead of multipart", "{}", "application/json"),
            ("garbage multipart", "--x\r\nnot a part", "multipart/form-data; boundary=x"),
            ("text file", {"file": _text_file()}, "multipart"),
        ]
    schema = route.body_schema() or {}
    valid = _minimal(schema)
    out: list[tuple[str, Any, str]] = [
        ("malformed json", '{"a": ', "application/json"),
        ("json array", "[]", "application/json"),
        ("json null", "null", "application/json"),
        ("json string", '"x"', "application/json"),
        ("empty object", "{}", "application/json"),
        ("deep nesting", "[" * 5000 + "]" * 5000, "application/json"),
        ("text/plain", json.dumps(valid), "text/plain"),
        ("form-encoded", "a=1&b=2", "application/x-www-form-urlencoded"),
        ("minimal valid", json.dumps(valid), "application/json"),
    ]
    for name, prop in (resolve(schema).get("properties") or {}).items():
        for wrong in _wrong_values(prop):
            body = {**valid, name: wrong} if isinstance(valid, dict) else {name: wrong}
            out.append((f"{name}={_short(wrong)}", json.dumps(body), "application/json"))
    return out


def _text_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("x.exe", b"MZ\x00\x00not a pdf", content_type="application/octet-stream")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 40 else text[:37] + "..."


def _requests(route: Route, world: dict) -> list[tuple[str, str, dict[str, Any]]]:
    """(label, url, client kwargs) for every bad input of ``route``."""
    path = _valid_path(route, world)
    query = _valid_query(route)
    body = _minimal(route.body_schema() or {}) if "application/json" in route.body_content_types else None
    base_kwargs: dict[str, Any] = {}
    if body is not None:
        base_kwargs = {"data": json.dumps(body), "content_type": "application/json"}
    out: list[tuple[str, str, dict[str, Any]]] = []

    def with_query(q: dict[str, Any], path_values: dict[str, Any] = path) -> str:
        url = _url(route, path_values)
        return f"{url}?{urlencode(q)}" if q else url

    for p in route.params("path"):
        for bad in PATH_BAD["integer" if _kind(p["schema"]) == "integer" else "string"]:
            out.append((f"path {p['name']}={_short(bad)}", with_query(query, {**path, p["name"]: bad}), base_kwargs))
    for p in route.params("query"):
        name = p["name"]
        if p.get("required"):
            out.append((f"missing {name}", with_query({k: v for k, v in query.items() if k != name}), base_kwargs))
        for bad in BAD_BY_TYPE.get(_kind(p["schema"]), HOSTILE_TEXT):
            out.append((f"query {name}={_short(bad)}", with_query({**query, name: bad}), base_kwargs))
    for label, data, content_type in _body_requests(route):
        if content_type == "multipart":
            out.append((f"body {label}", with_query(query), {"data": data}))
        else:
            out.append((f"body {label}", with_query(query), {"data": data, "content_type": content_type}))
    if not out:
        out.append(("as is", with_query(query), base_kwargs))
    return out


def check(response, label: str) -> str | None:
    """Why this answer breaks the contract, or None."""
    status = response.status_code
    if status >= 500:
        exc = getattr(response, "exc_info", None)
        return f"{label}: {status}" + (f" {exc[0].__name__}: {str(exc[1])[:160]}" if exc else "")
    if status < 400:
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        return f"{label}: {status} is not JSON: {response.content[:120]!r}"
    if not (isinstance(body, dict) and {"code", "message", "detail"} <= set(body)):
        return f"{label}: {status} without the error body: {body!r:.200}"
    if status == 422 and body["code"] == "validation_error":
        detail = body["detail"]
        named = (
            isinstance(detail, list) and detail and all(isinstance(d, dict) and d.get("field") for d in detail)
        ) or (isinstance(detail, dict) and detail)
        if not named:
            return f"{label}: 422 without the fields named in detail: {body!r:.200}"
    return None


def _routable(url: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(unquote(url.split("?", 1)[0]))
    except Resolver404:
        return False
    return True


def _client(tokens: dict[str, str], who: str) -> Client:
    # A crash answers 500 (with ``exc_info`` kept) instead of raising, so one run lists them all.
    return Client(headers={"Authorization": f"Bearer {tokens[who]}"}, raise_request_exception=False)


def _send(client: Client, route: Route, url: str, kwargs: dict[str, Any]):
    method = getattr(client, route.method.lower())
    if route.method == "GET":
        return method(url)
    return method(url, **kwargs)


FUZZ_CASES = [(route, who) for route in ROUTES for who in CALLERS]


@pytest.mark.parametrize(("route", "who"), FUZZ_CASES, ids=lambda v: str(v))
def test_bad_input_never_500(route, who, world, tokens, db):
    client = _client(tokens, who)
    failures = []
    for label, url, kwargs in _requests(route, world):
        response = _send(client, route, url, kwargs)
        if not _routable(url):  # outside /api/ (the catch-all answers every unmatched /api/ path)
            problem = (
                f"{label}: unroutable path answered {response.status_code}" if response.status_code != 404 else None
            )
        else:
            problem = check(response, f"{label} ({url[:120]})")
        if problem:
            failures.append(problem)
    assert not failures, f"{route} as {who}:\n" + "\n".join(failures[:20])


def _strategy(route: Route) -> st.SearchStrategy:
    text = st.text(st.characters(codec="utf-8"), max_size=40)
    scalar = st.one_of(text, st.integers(min_value=-(10**20), max_value=10**20), st.booleans(), st.none())
    json_value = st.recursive(
        scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3), max_leaves=8
    )
    query = st.fixed_dictionaries(
        {}, optional={p["name"]: st.one_of(text, st.integers()) for p in route.params("query")}
    )
    path = st.fixed_dictionaries(
        {
            p["name"]: st.one_of(
                st.integers(min_value=-(10**6), max_value=10**9), st.from_regex(r"[A-Za-z0-9\-_]{1,20}", fullmatch=True)
            )
            for p in route.params("path")
        }
    )
    props = (resolve(route.body_schema() or {}).get("properties") or {}) if route.body_content_types else {}
    body = st.fixed_dictionaries({}, optional=dict.fromkeys(props, json_value)) if props else json_value
    return st.tuples(path, query, body)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_generated_input_never_500(route, world, tokens, db):
    """Hypothesis, derandomized: arbitrary text, integers and JSON in every parameter at once."""
    client = _client(tokens, "platform_admin")
    failures: list[str] = []

    @settings(
        max_examples=HYPOTHESIS_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(_strategy(route))
    def run(example):
        path_values, query, body = example
        url = _url(route, {k: quote(str(v), safe="") for k, v in path_values.items()})
        if query:
            url += "?" + urlencode({k: str(v) for k, v in query.items()})
        kwargs = {"data": json.dumps(body), "content_type": "application/json"}
        response = _send(client, route, url, kwargs)
        if not _routable(url):  # outside /api/ (the catch-all answers every unmatched /api/ path)
            if response.status_code != 404:
                failures.append(f"{example!r:.200}: unroutable path answered {response.status_code}")
            return
        problem = check(response, f"{example!r:.200}")
        if problem:
            failures.append(problem)

    run()
    assert not failures, f"{route}:\n" + "\n".join(failures[:10])


def test_every_route_is_fuzzed():
    assert {r for r, _ in FUZZ_CASES} == set(ROUTES)
    assert len(ROUTES) >= 80


def test_unmatched_api_path_answers_with_error_body(world, tokens, db):
    response = _client(tokens, "platform_admin").get("/api/v1/cases/abc")
    assert response.status_code == 404
    assert check(response, "GET /api/v1/cases/abc") is None


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/v1/cases", {"q": NUL}),
        ("/api/v1/catalog/items", {"region": NUL}),
        ("/api/v1/bundles", {"theme": NUL}),
        ("/api/v1/cases/lookup", {"number": NUL, "code": "ABCDEF"}),
    ],
)
def test_nul_in_text_input_is_not_a_500(path, query, world, tokens, db):
    response = _client(tokens, "platform_admin").get(path, query)
    assert check(response, f"{path} {query!r}") is None


def test_check_rejects_a_500_and_a_bare_4xx():
    """The contract checker itself can fail."""
    from django.http import HttpResponse, JsonResponse

    assert check(HttpResponse(status=500), "x") == "x: 500"
    assert "not JSON" in check(HttpResponse("nope", status=400), "x")
    assert "without the error body" in check(JsonResponse({"error": 1}, status=400), "x")
    bad_422 = JsonResponse({"code": "validation_error", "message": "m", "detail": [{"field": ""}]}, status=422)
    assert "fields named" in check(bad_422, "x")
    good_422 = JsonResponse({"code": "validation_error", "message": "m", "detail": [{"field": "days"}]}, status=422)
    assert check(good_422, "x") is None
