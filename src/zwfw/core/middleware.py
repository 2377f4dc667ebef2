"""Request guards that apply to every page and API call."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

NUL_MESSAGE = "请求中含有不允许的空字符（NUL），请删除后重试"
NUL_MESSAGE_EN = "The request contains a NUL character, which no field accepts"


def _has_nul(request: HttpRequest) -> str | None:
    """Where a NUL character is, if anywhere: path, query string or the body.

    PostgreSQL refuses NUL in text columns (a ``DataError`` deep inside a query), and no field of
    the platform has a use for it, so it is turned away at the door. The body is judged by what it
    holds, not by the ``Content-Type`` the client claims (a header in upper case, an unknown type
    or none at all must not let a NUL through): any body is refused when it holds a raw NUL, JSON's
    escape for it (``\\u0000``) or its percent-encoding (``%00``). Only a multipart body is read
    through its parsed text fields, because uploaded files may contain NUL bytes legitimately.
    """
    if b"\x00" in unquote_to_bytes(request.path) or b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
        return "url"
    if request.method not in {"POST", "PUT", "PATCH", "DELETE"}:
        return None
    content_type = request.META.get("CONTENT_TYPE", "").strip().lower()
    if content_type.startswith("multipart/"):
        try:
            fields = request.POST
        except MultiPartParserError as exc:  # told to the user after authentication (UploadErrorMiddleware)
            request.zwfw_upload_error = str(exc)
            return None
        found = any("\x00" in value for _, values in fields.lists() for value in values)
    else:
        body = request.body
        found = b"\x00" in body or b"\\u0000" in body or b"\x00" in unquote_to_bytes(body)
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


UPLOAD_ERROR_MESSAGE = (
    "上传内容无法读取：文件名过长（请不超过200个字符）或上传格式有误。请将文件改为较短的名称后重新上传。"
)
UPLOAD_ERROR_MESSAGE_EN = "The upload could not be read: a file name is too long or the multipart body is malformed"


class UploadErrorMiddleware:
    """A multipart body Django cannot parse (e.g. a 569-character file name) is a clear 400.

    The parse fails in :class:`RejectNulMiddleware`, before sessions and authentication, and used
    to surface as a bare 400 page showing the user as logged out. It is remembered there and
    answered here, after authentication: the API's error body under ``/api/``, else the shell's
    400 page (the user still shown as logged in) naming what went wrong and how to fix it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(request, "zwfw_upload_error", None) is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "code": "bad_request",
                    "message": UPLOAD_ERROR_MESSAGE,
                    "detail": {"message_en": UPLOAD_ERROR_MESSAGE_EN},
                },
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        return render(request, "400.html", {"message": UPLOAD_ERROR_MESSAGE, "back": True}, status=400)


class RequestCacheMiddleware:
    """Opens a per-request memo (:func:`zwfw.core.request_cache.request_cache`) for the
    duration of one request: facts that cannot change within it (the caller's scope grants) are
    looked up once instead of once per check. Outside a request (tests calling services, workers,
    commands) there is no memo and every look-up goes to the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from zwfw.core.request_cache import request_cache_open

        with request_cache_open():
            return self.get_response(request)
