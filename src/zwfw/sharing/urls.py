"""The sharing pages (namespace ``sharing``), included under ``sharing/`` by ``zwfw.urls``."""

from django.urls import path

from zwfw.sharing import views

app_name = "sharing"

urlpatterns = [
    path("", views.dataset_list, name="datasets"),
    path("datasets/<str:code>/", views.dataset_detail, name="dataset_detail"),
    path("requests/", views.request_list, name="requests"),
    path("reads/", views.read_list, name="reads"),
    path("graph/", views.graph, name="graph"),
    path("graph/refresh/", views.graph_refresh, name="graph_refresh"),
    path("code/", views.my_code, name="my_code"),
    path("code/scan/", views.code_scan, name="code_scan"),
]
