"""The trading pages (namespace ``trading``), included under ``trading/`` by ``zwfw.urls``."""

from django.urls import path

from . import views

app_name = "trading"

urlpatterns = [
    path("bidder/", views.bidder_home, name="bidder_home"),
    path("agent/", views.agent_home, name="agent_home"),
    path("opening/", views.opening_list, name="opening_list"),
    path("sections/<int:section_id>/", views.section_detail, name="section_detail"),
    path("risk/", views.risk_queue, name="risk_queue"),
    path("risk/<int:section_id>/", views.risk_detail, name="risk_detail"),
    path("expert/", views.expert_home, name="expert_home"),
    path("expert/<int:section_id>/", views.expert_section, name="expert_section"),
]
