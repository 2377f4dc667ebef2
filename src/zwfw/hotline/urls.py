"""The hotline pages (namespace ``hotline``), included under ``hotline/`` by ``zwfw.urls``."""

from django.urls import path

from zwfw.hotline import views
from zwfw.hotline.selectors import QUEUES

app_name = "hotline"

urlpatterns = [
    path("intake/", views.intake, name="intake"),
    path("intake/assist/", views.intake_assist, name="intake_assist"),
    path("orders/", views.order_list, name="orders"),
    path("orders/<int:order_id>/", views.order_detail, name="order_detail"),
    path("orders/<int:order_id>/act/<str:action>/", views.order_act, name="order_act"),
    path("inbox/", views.inbox, name="inbox"),
    path("supervise/", views.supervise, name="supervise"),
    path("extensions/<int:extension_id>/decide/", views.extension_decide, name="extension_decide"),
    path("knowledge/", views.knowledge, name="knowledge"),
    path("knowledge/<int:entry_id>/", views.knowledge_detail, name="knowledge_detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/kpi.xlsx", views.kpi_export, name="kpi_export"),
    path("brief/", views.brief, name="brief"),
    path("brief.xlsx", views.brief_export, name="brief_export"),
    path("mine/", views.mine, name="mine"),
    *[path(f"queue/{q}/", views.order_list, {"queue": q}, name=f"queue_{q}") for q in QUEUES],
]
