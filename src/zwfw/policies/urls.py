"""The policies pages (namespace ``policies``), included under ``policies/`` by ``zwfw.urls``."""

from django.urls import path  # noqa: F401

app_name = "policies"

urlpatterns: list = []
