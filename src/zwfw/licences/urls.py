"""The licences' pages (namespace ``licences``), included under ``licences/`` by ``zwfw.urls``."""

from django.urls import path

from zwfw.licences import views

app_name = "licences"

urlpatterns = [
    path("", views.wallet, name="wallet"),
    path("card/<str:number>/", views.card, name="card"),
    path("card/<str:number>/signed.json", views.card_signed, name="card_signed"),
    path("card/<str:number>/print/", views.card_print, name="card_print"),
    path("card/<str:number>/pdf/", views.card_pdf, name="card_pdf"),
    path("documents/", views.documents, name="documents"),
    path("documents/verify/", views.document_verify, name="document_verify"),
    path("documents/<str:number>/", views.document, name="document"),
    path("documents/<str:number>/signed.json", views.document_signed, name="document_signed"),
    path("documents/<str:number>/pdf/", views.document_pdf, name="document_pdf"),
    path("verify/", views.verify, name="verify"),
    path("verify/signed/", views.verify_signed, name="verify_signed"),
    path("keys/", views.keys, name="keys"),
    path("foreign/", views.foreign_check, name="foreign_check"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<str:number>/revoke/", views.staff_revoke, name="staff_revoke"),
]
