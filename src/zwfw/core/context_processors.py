"""Template context shared by every page: the role navigation, who is logged in, the 适老化 switch."""

from __future__ import annotations

from django.http import HttpRequest

LARGE_FONT_COOKIE = "zwfw_large_font"


def large_font_for(request: HttpRequest) -> bool:
    """Is the 适老化 (large font, high contrast) theme on for this request?

    The cookie, when present, is the latest choice made in this browser and wins; without it a
    logged-in user's saved preference (``User.large_font``) applies, so the choice follows the
    person to a new device.
    """
    cookie = request.COOKIES.get(LARGE_FONT_COOKIE)
    if cookie in {"0", "1"}:
        return cookie == "1"
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and getattr(user, "large_font", False))


def shell(request: HttpRequest) -> dict:
    from zwfw.core.navigation import navigation_for, role_of

    user = getattr(request, "user", None)
    role = role_of(user)
    return {
        "nav_items": navigation_for(user, current_path=request.path),
        "large_font": large_font_for(request),
        "shell_role": role,
        "shell_role_label": user.get_role_display() if user is not None and user.is_authenticated else "",
    }
