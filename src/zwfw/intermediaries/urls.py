"""The intermediaries pages (namespace ``intermediaries``), included under ``intermediaries/`` by ``zwfw.urls``."""

from django.urls import path

from zwfw.intermediaries import views

app_name = "intermediaries"

urlpatterns = [
    path("", views.market, name="market"),
    path("agency/", views.agency, name="agency"),
    path("agency/contracts/<int:contract_id>/deliver/", views.deliver, name="deliver"),
    path("purchases/", views.purchases, name="purchases"),
    path("purchases/<int:purchase_id>/", views.purchase, name="purchase"),
    path("purchases/<int:purchase_id>/<str:action>/", views.purchase_action, name="purchase_action"),
    path("supervise/", views.supervise, name="supervise"),
]
