"""The supervision pages (namespace ``supervision``), included under ``supervision/`` by ``zwfw.urls``."""

from django.urls import path

from zwfw.supervision import views

app_name = "supervision"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:event_id>/sign/", views.event_sign, name="event_sign"),
    path("inbox/<int:event_id>/close/", views.event_close, name="event_close"),
    path("pledges/<int:check_id>/", views.pledge_check, name="pledge_check"),
    path("items/", views.items, name="items"),
    path("credit/", views.credit, name="credit"),
    path("credit/record/", views.credit_record, name="credit_record"),
    path("credit/repairs/<int:repair_id>/", views.repair_review, name="repair_review"),
    path("credit/mine/", views.my_credit, name="my_credit"),
    path("credit/mine/<int:event_id>/repair/", views.repair_request, name="repair_request"),
    path("inspections/", views.plans, name="plans"),
    path("inspections/<int:plan_id>/", views.plan, name="plan"),
    path("inspections/<int:plan_id>/draw/", views.plan_draw, name="plan_draw"),
    path("inspections/<int:plan_id>/publish/", views.plan_publish, name="plan_publish"),
    path("inspections/tasks/<int:task_id>/", views.task_record, name="task_record"),
    path("public/", views.public, name="public"),
    path("public/<int:plan_id>/", views.public_plan, name="public_plan"),
    path("warnings/", views.warnings, name="warnings"),
]
