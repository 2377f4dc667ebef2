"""The runner the console pages share for a POST that changes something: run the action (parse
the form, call one service; it returns the success message) and redirect with that message, or,
when the service refuses, render the page again with the error's message and its 4xx status."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from zwfw.core.errors import ZwfwError


def run_action(
    request: HttpRequest,
    act: Callable[[], str],
    on_error: Callable[[str, int], HttpResponse],
    success_url: str,
    *,
    errors: tuple[type[Exception], ...] = (ZwfwError,),
) -> HttpResponse:
    """``act()`` and redirect to ``success_url`` with its message; an exception in ``errors``
    (each carries ``message`` and ``status``) answers ``on_error(message, status)`` instead."""
    try:
        done = act()
    except errors as exc:
        return on_error(exc.message, exc.status)  # type: ignore[attr-defined]
    messages.success(request, done)
    return redirect(success_url)
