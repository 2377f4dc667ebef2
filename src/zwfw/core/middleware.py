"""Request guards that apply to every page and API call."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

NUL_MESSAGE = "请求中含有不允许的空字符（NUL），请删除后重试"
NUL_MESSAGE_EN = "The request contains a NUL character, which no field accepts"


def _has_nul(request: HttpRequest) -> str | None:
    """Where a NUL character is, if anywhere: path, query string or a text body.

    PostgreSQL refuses NUL in text columns (a ``DataError`` deep inside a query), and no field of
    the platform has a use for it, so it is turned away at the door. Uploaded files (multipart
    bodies) may contain NUL bytes legitimately and are not inspected; their text fields are.
    """
    if b"\x00" in unquote_to_bytes(request.path) or b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
        return "url"
    if request.method not in {"POST", "PUT", "PATCH", "DELETE"}:
        return None
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        found = b"\x00" in unquote_to_bytes(request.body)
    elif content_type.startswith(("application/json", "text/")):
        found = b"\x00" in request.body or b"\\u0000" in request.body  # raw, or JSON's escape for it
    elif content_type.startswith("multipart/form-data"):
        found = any("\x00" in value for _, values in request.POST.lists() for value in values)
    else:
        found = False
    return "body" if found else None


class RejectNulMiddleware:
    """Answer 400 (the API's error body under /api/) to any request carrying a NUL character."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        where = _has_nul(request)
        if where is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "code": "bad_request",
                    "message": NUL_MESSAGE,
                    "detail": {"where": where, "message_en": NUL_MESSAGE_EN},
                },
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
