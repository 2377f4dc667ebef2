"""The stats pages (namespace ``stats``), included under ``stats/`` by ``zwfw.urls``."""

from django.urls import path

from zwfw.stats import views

app_name = "stats"

urlpatterns = [
    path("monthly/", views.monthly, name="monthly"),
    path("monthly.csv", views.monthly_csv, name="monthly_csv"),
    path("monthly.xlsx", views.monthly_xlsx, name="monthly_xlsx"),
    path("consultations/", views.consultations, name="consultations"),
]
