"""Forms of the core pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from zwfw.core.services.login_guard import (
    LoginLocked,
    client_ip,
    login_failure_record,
    login_guard_check,
    login_success_clear,
)


class LoginForm(AuthenticationForm):
    """Django's login form with labels and errors in plain Chinese.

    The error never says which of the two was wrong, so the page does not reveal whether an
    account exists.
    """

    error_messages = {
        "invalid_login": "用户名或密码不正确，请检查后重新输入（密码区分大小写）。",
        "inactive": "该账号已停用，请联系所在单位的管理员。",
        "locked_account": "密码错误次数过多，该账号已临时锁定，请{minutes}分钟后再试。",
        "locked_client": "本机登录失败次数过多，已临时限制登录，请{minutes}分钟后再试。",
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

    def clean(self):
        """Refuse while the account or the client is locked out; count every wrong password.

        See :mod:`zwfw.core.services.login_guard` for the limits. The lock-out message does not
        say whether the account exists (an unknown username is counted and locked the same way).
        """
        username = (self.cleaned_data.get("username") or "").strip()
        ip = client_ip(self.request) if self.request is not None else "unknown"
        try:
            login_guard_check(username=username, ip=ip)
        except LoginLocked as locked:
            raise self._locked_error(locked) from None
        try:
            cleaned = super().clean()
        except ValidationError as exc:
            if getattr(exc, "code", None) == "invalid_login":
                locked = login_failure_record(username=username, ip=ip)
                if locked is not None:
                    raise self._locked_error(locked) from None
            raise
        login_success_clear(username=username)
        return cleaned

    def _locked_error(self, locked: LoginLocked) -> ValidationError:
        message = self.error_messages[f"locked_{locked.scope}"].format(minutes=locked.minutes)
        return ValidationError(message, code=f"locked_{locked.scope}")
