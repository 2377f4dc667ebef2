"""The supervision pages (namespace ``supervision``), included under ``supervision/`` by ``zwfw.urls``."""

from django.urls import path  # noqa: F401

app_name = "supervision"

urlpatterns: list = []
