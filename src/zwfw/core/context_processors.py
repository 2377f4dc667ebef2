"""Template context shared by every page: the role navigation and the 适老化 switch."""

from __future__ import annotations

from django.http import HttpRequest


def shell(request: HttpRequest) -> dict:
    from zwfw.core.navigation import navigation_for

    user = getattr(request, "user", None)
    large = request.COOKIES.get("zwfw_large_font") == "1" or bool(
        user is not None and user.is_authenticated and getattr(user, "large_font", False)
    )
    return {"nav_items": navigation_for(user), "large_font": large}
