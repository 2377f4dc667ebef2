"""The ratings pages (namespace ``ratings``), included under ``ratings/`` by ``zwfw.urls``."""

from django.urls import path  # noqa: F401

app_name = "ratings"

urlpatterns: list = []
