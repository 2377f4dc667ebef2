"""Error bodies that must not need the API: the CSRF failure view and the JSON error body.

``CSRF_FAILURE_VIEW`` names :func:`csrf_failure`; Django's security check imports it before any
management command runs, so it lives apart from :mod:`zwfw.api` (importing that module mounts every
app's router and builds its schemas: about two seconds of every ``zwfw`` command's start).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse

from zwfw.core.errors import CoreErrorCode


def json_error(status: int, code: str, message: str) -> HttpResponse:
    return JsonResponse(
        {"code": code, "message": message, "detail": None}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/") or request.path.startswith("/api/")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the API's error body under /api/, else the site's 403_csrf page."""
    from django.views.csrf import csrf_failure as django_csrf_failure

    if is_api(request):
        return json_error(403, CoreErrorCode.PERMISSION_DENIED.code, "CSRF 校验失败，请刷新页面后重试")
    return django_csrf_failure(request, reason, template_name="403_csrf.html")
