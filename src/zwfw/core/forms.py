"""Forms of the core pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Django's login form with labels and errors in plain Chinese.

    The error never says which of the two was wrong, so the page does not reveal whether an
    account exists.
    """

    error_messages = {
        "invalid_login": "用户名或密码不正确，请检查后重新输入（密码区分大小写）。",
        "inactive": "该账号已停用，请联系所在单位的管理员。",
    }

    username = forms.CharField(
        label="用户名",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
