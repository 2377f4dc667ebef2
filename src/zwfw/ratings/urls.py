"""The ratings pages (namespace ``ratings``), included under ``ratings/`` by ``zwfw.urls``."""

from django.urls import path

from zwfw.ratings import views

app_name = "ratings"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("rate/<str:kind>/<str:ref>/", views.rate, name="rate"),
    path("t/<str:token>/", views.rate_by_token, name="token"),
    path("hotline/", views.hotline, name="hotline"),
    path("visit/", views.visit, name="visit"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/<int:rectification_id>/", views.task_detail, name="task"),
    path("hub/", views.hub, name="hub"),
    path("r/<int:rating_id>/", views.rating_detail, name="rating"),
    path("blocked/", views.blocked, name="blocked"),
    path("blocked/<int:matter_id>/", views.blocked_detail, name="blocked_detail"),
    path("figures/", views.figures, name="figures"),
    path("public/", views.public, name="public"),
]
