"""The REST API: one NinjaAPI under /api/v1/, each app's router mounted here, one error body.

Every 4xx has the body ``{"code": str, "message": str, "detail": any}``; request validation
errors are 422 with the offending fields named in ``detail``.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer

from zwfw.core.api_auth import api_auth
from zwfw.core.db_busy import busy_response, is_database_busy
from zwfw.core.errors import CoreErrorCode, ZwfwError
from zwfw.core.validation_messages import zh_message
from zwfw.error_pages import csrf_failure  # noqa: F401  (re-exported: the view was defined here)
from zwfw.error_pages import is_api as _is_api
from zwfw.error_pages import json_error as _json_error

logger = logging.getLogger("zwfw.api")


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 JSON without \\u escapes: clients and people read the Chinese as it is."""

    media_type = "application/json; charset=utf-8"
    json_dumps_params = {"ensure_ascii": False}


# Answers any operation may give whatever its handler declares (issue 18 item 8, "statuses missing
# from the OpenAPI document"): 400 for a body or query the platform refuses before any handler (NUL
# bytes, an unparsable body), 422 for request validation, 503 + Retry-After for a busy database;
# 401 wherever credentials are required or optional (a wrong key is refused, not ignored).
COMMON_ERROR_STATUSES = {
    "400": "Bad Request 请求有误",
    "422": "Unprocessable Entity 参数校验未通过",
    "503": "Service Unavailable 系统繁忙，请稍后重试（Retry-After）",
}


class ZwfwAPI(NinjaAPI):
    """The NinjaAPI whose OpenAPI document lists the error statuses every operation can answer."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        error = {"application/json; charset=utf-8": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                if method not in {"get", "post", "put", "patch", "delete"}:
                    continue
                responses = operation.setdefault("responses", {})
                statuses = dict(COMMON_ERROR_STATUSES)
                if operation.get("security"):
                    statuses["401"] = "Unauthorized 未登录或凭据无效"
                for status, description in statuses.items():
                    responses.setdefault(status, {"description": description, "content": error})
        return schema


api = ZwfwAPI(
    title="zwfw 政务服务平台 API",
    version="1",
    description="四川省一体化政务服务平台开放接口 (v1)。错误统一返回 {code, message, detail}。",
    urls_namespace="api",
    auth=api_auth,
    renderer=ChineseJSONRenderer(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _error(request: HttpRequest, code: CoreErrorCode, detail=None, status: int | None = None, **params):
    return api.create_response(
        request,
        {"code": code.code, "message": code.message(**params), "detail": detail},
        status=status or code.status,
    )


def _field_name(loc) -> str:
    # ninja's loc is ("query", "value") or ("body", "payload", "name"): name the field, not the wrapper
    parts = [str(p) for p in loc if p not in {"query", "body", "path", "form", "header", "cookie", "payload"}]
    return ".".join(parts) or ".".join(str(p) for p in loc)


@api.exception_handler(ZwfwError)
def on_domain_error(request: HttpRequest, exc: ZwfwError) -> HttpResponse:
    return api.create_response(request, exc.as_body(), status=exc.status)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    detail = [
        {
            "field": _field_name(err.get("loc", ())),
            "type": err.get("type"),
            "message": zh_message(err),
            "message_en": err.get("msg"),
        }
        for err in exc.errors
    ]
    fields = "、".join(d["field"] for d in detail)
    body = {
        "code": CoreErrorCode.VALIDATION.code,
        "message": f"{CoreErrorCode.VALIDATION.message()}：{fields}",
        "detail": detail,
    }
    return api.create_response(request, body, status=422)


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, CoreErrorCode.VALIDATION, detail=detail)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, CoreErrorCode.NOT_AUTHENTICATED)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, CoreErrorCode.PERMISSION_DENIED, detail=str(exc) or None)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, CoreErrorCode.NOT_FOUND)


@api.exception_handler(OperationalError)
def on_operational_error(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    """A busy database (SQLite's one writer, a PostgreSQL lock time-out) is 503 + Retry-After."""
    if not is_database_busy(exc):
        raise exc
    return busy_response(request)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    by_status: dict[int, CoreErrorCode] = {}
    for c in CoreErrorCode:  # the first code of each status is its generic one (bad_request, conflict …)
        by_status.setdefault(c.status, c)
    code = by_status.get(exc.status_code, CoreErrorCode.BAD_REQUEST)
    body = {"code": code.code, "message": code.message(), "detail": str(exc) or None}
    return api.create_response(request, body, status=exc.status_code)


def _mount_routers() -> None:
    from zwfw.core.api import router as core_router

    api.add_router("/", core_router)

    from zwfw.core.api_identifiers import router as identifiers_router

    api.add_router("/identifiers", identifiers_router)

    from zwfw.core.api_calendar import router as calendar_router

    api.add_router("/calendar", calendar_router)

    from zwfw.core.api_notifications import router as notifications_router

    api.add_router("/notifications", notifications_router)

    from zwfw.catalog.api import router as catalog_router

    api.add_router("/catalog", catalog_router)

    from zwfw.catalog.api_search import router as catalog_search_router

    api.add_router("/catalog/search", catalog_search_router)

    from zwfw.catalog.api_excel import router as catalog_excel_router

    api.add_router("/catalog/excel", catalog_excel_router)

    from zwfw.cases.api import router as cases_router

    api.add_router("/cases", cases_router)

    from zwfw.catalog.api_guides import router as catalog_guides_router

    api.add_router("/catalog", catalog_guides_router)

    from zwfw.licences.api import router as licences_router

    api.add_router("/licences", licences_router)

    from zwfw.bundles.api import router as bundles_router

    api.add_router("/bundles", bundles_router)

    from zwfw.stats.api import router as stats_router

    api.add_router("/stats", stats_router)

    from zwfw.hotline.api import router as hotline_router

    api.add_router("/hotline", hotline_router)

    from zwfw.ratings.api import router as ratings_router

    api.add_router("/ratings", ratings_router)

    from zwfw.policies.api import router as policies_router

    api.add_router("/policies", policies_router)

    from zwfw.trading.api import router as trading_router

    api.add_router("/trading", trading_router)

    from zwfw.supervision.api import router as supervision_router

    api.add_router("/supervision", supervision_router)

    from zwfw.intermediaries.api import router as intermediaries_router

    api.add_router("/intermediaries", intermediaries_router)

    from zwfw.sharing.api import router as sharing_router

    api.add_router("/sharing", sharing_router)


_mount_routers()


@csrf_exempt  # it changes nothing; a POST must get the API's 404 body, not the HTML CSRF page
def api_not_found(request: HttpRequest, unmatched: str = "") -> HttpResponse:
    """Any /api/ path no route matches (e.g. text where an integer id goes): the error body, 404."""
    from django.http import JsonResponse

    return JsonResponse(
        {"code": CoreErrorCode.NOT_FOUND.code, "message": CoreErrorCode.NOT_FOUND.message(), "detail": None},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


# --- Django's own error answers under /api/ (issue 18 item 8) -------------------------------------
#
# Some requests are refused by Django before any API view runs: a Host header not allowed
# (DisallowedHost), a body over the size limit (RequestDataTooBig), too many fields
# (TooManyFieldsSent), a CSRF failure on a session-authenticated call, a crash. Django answers
# those with its handler pages (HTML); under /api/ they are the one JSON error body instead.

_HANDLER_CODES = {
    400: CoreErrorCode.BAD_REQUEST,
    403: CoreErrorCode.PERMISSION_DENIED,
    404: CoreErrorCode.NOT_FOUND,
}


def _handler_json(request: HttpRequest, status: int) -> HttpResponse:
    code = _HANDLER_CODES.get(status)
    if code is None:
        return _json_error(status, "server_error", "服务器内部错误，请稍后重试")
    return _json_error(status, code.code, code.message())


def handler400(request: HttpRequest, exception=None) -> HttpResponse:
    from django.views import defaults

    return _handler_json(request, 400) if _is_api(request) else defaults.bad_request(request, exception)


def handler403(request: HttpRequest, exception=None) -> HttpResponse:
    from django.views import defaults

    return _handler_json(request, 403) if _is_api(request) else defaults.permission_denied(request, exception)


def handler404(request: HttpRequest, exception=None) -> HttpResponse:
    from django.views import defaults

    return _handler_json(request, 404) if _is_api(request) else defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    from django.views import defaults

    return _handler_json(request, 500) if _is_api(request) else defaults.server_error(request)
