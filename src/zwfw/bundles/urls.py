"""Pages of the bundles app, mounted at ``/bundles/``."""

from __future__ import annotations

from django.urls import path

from zwfw.bundles import views

app_name = "bundles"

urlpatterns = [
    path("", views.bundle_list, name="bundle_list"),
    path("compose/", views.compose, name="compose"),
    path("compose/apply/", views.compose_apply, name="compose_apply"),
    path("review/", views.review_list, name="review_list"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/<int:application_id>/", views.application_detail, name="application_detail"),
    path("applications/<int:application_id>/advance/", views.application_advance, name="application_advance"),
    path("applications/<int:application_id>/notice/", views.application_notice, name="application_notice"),
    path("b/<str:code>/", views.bundle_detail, name="bundle_detail"),
    path("b/<str:code>/notice/", views.bundle_notice, name="bundle_notice"),
    path("b/<str:code>/apply/", views.bundle_apply, name="bundle_apply"),
    path("b/<str:code>/review/", views.review_detail, name="review_detail"),
]
