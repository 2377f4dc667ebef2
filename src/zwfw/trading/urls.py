"""The trading pages (namespace ``trading``), included under ``trading/`` by ``zwfw.urls``."""

from django.urls import path  # noqa: F401

app_name = "trading"

urlpatterns: list = []
