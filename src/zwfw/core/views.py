"""Core pages: the home page per role, login/logout, the 适老化 preference.

Thin: each view parses input, calls one selector or service, and renders.
"""

from __future__ import annotations

import json

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zwfw.core.context_processors import LARGE_FONT_COOKIE
from zwfw.core.forms import LoginForm
from zwfw.core.navigation import navigation_for, portal_search_url
from zwfw.core.selectors.home import home_summary_for
from zwfw.core.services.preferences import user_preferences_update

LARGE_FONT_COOKIE_AGE = 365 * 24 * 3600

# One template per role; roles without a page of their own yet share the generic staff page.
HOME_TEMPLATES = {
    "anonymous": "core/home/portal.html",
    "person": "core/home/applicant.html",
    "enterprise": "core/home/applicant.html",
    "window_clerk": "core/home/window_clerk.html",
    "reviewer": "core/home/reviewer.html",
    "dept_admin": "core/home/dept_admin.html",
    "hotline_operator": "core/home/hotline_operator.html",
    "policy_officer": "core/home/policy_officer.html",
    "trading_supervisor": "core/home/trading_supervisor.html",
    "platform_admin": "core/home/platform_admin.html",
    "hotline_supervisor": "core/home/hotline_supervisor.html",
    "supervision_officer": "core/home/supervision_officer.html",
    "bid_expert": "core/home/bid_expert.html",
}


def _items_url(audience: str) -> str | None:
    """The public 办事指南 filtered to 个人办事 / 法人办事 (None when no app serves that page)."""
    try:
        return f"{reverse('catalog:item_list')}?audience={audience}"
    except NoReverseMatch:
        return None


def home(request: HttpRequest) -> HttpResponse:
    summary = home_summary_for(user=request.user)
    template = HOME_TEMPLATES.get(summary.role, "core/home/staff.html")
    context = {"summary": summary, "search_url": portal_search_url()}
    if request.user.is_authenticated:
        # 常用功能: the role's real pages (its navigation without 首页), instead of placeholder cards.
        context["home_links"] = [link for link in navigation_for(request.user) if link.key != "core.home"]
    else:
        context["person_items_url"] = _items_url("person")
        context["enterprise_items_url"] = _items_url("enterprise")
    return render(request, template, context)


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.headers.get("referer") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    """Turn the 适老化 mode on (``large_font=1``) or off; remembered in a cookie and, when logged in, on the account.

    Plain form posts are redirected back to the page they came from; htmx requests get an empty
    200 and an ``HX-Trigger`` event the page script uses to switch the theme without reloading.
    """
    large_font = request.POST.get("large_font") == "1"
    if request.user.is_authenticated:
        user_preferences_update(actor=request.user, user=request.user, large_font=large_font)
    if getattr(request, "htmx", False):
        response: HttpResponse = HttpResponse(status=200)
        response["HX-Trigger"] = json.dumps({"zwfw:largeFont": {"on": large_font}})
    else:
        response = HttpResponseRedirect(_safe_next(request))
    response.set_cookie(
        LARGE_FONT_COOKIE,
        "1" if large_font else "0",
        max_age=LARGE_FONT_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response
