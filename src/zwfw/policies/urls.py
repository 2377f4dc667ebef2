"""The policies pages (namespace ``policies``), included under ``policies/`` by ``zwfw.urls``."""

from django.urls import path

from zwfw.policies import views

app_name = "policies"

urlpatterns = [
    path("", views.policy_list, name="list"),
    path("<int:policy_id>/", views.policy_detail, name="detail"),
    path("<int:policy_id>/items", views.item_add, name="item_add"),
    path("<int:policy_id>/transition", views.policy_transition, name="transition"),
    path("for-me/", views.for_me, name="for_me"),
    path("items/<int:item_id>/apply", views.apply, name="apply"),
    path("items/<int:item_id>/explain", views.explain, name="explain"),
    path("console/", views.console, name="console"),
    path("console/rule-test", views.rule_test, name="rule_test"),
    path("console/runs", views.runs, name="runs"),
    path("console/grants", views.grants, name="grants"),
    path("console/applications", views.applications, name="applications"),
    path("console/applications/<int:application_id>", views.application_detail, name="application"),
    path("console/dashboard", views.dashboard, name="dashboard"),
]
