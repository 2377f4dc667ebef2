"""The intermediaries pages (namespace ``intermediaries``), included under ``intermediaries/`` by ``zwfw.urls``."""

from django.urls import path  # noqa: F401

app_name = "intermediaries"

urlpatterns: list = []
