"""The hotline pages (namespace ``hotline``), included under ``hotline/`` by ``zwfw.urls``."""

from django.urls import path  # noqa: F401

app_name = "hotline"

urlpatterns: list = []
