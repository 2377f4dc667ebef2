"""Core pages: the home page per role, login/logout."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    role = user.role if user.is_authenticated else "anonymous"
    return render(request, "core/home.html", {"role": role})
