from django.contrib.auth import views as auth_views
from django.urls import path

from zwfw.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("core/preferences", views.preferences, name="preferences"),
]
