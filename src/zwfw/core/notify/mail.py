"""电子邮件 (e-mail): through Django's e-mail backend (``EMAIL_*`` settings; console or SMTP)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from zwfw.core.notify.base import ChannelAdapter, PermanentDeliveryError


class EmailAdapter(ChannelAdapter):
    channel = "email"

    def send(self, notification) -> None:
        address = (notification.recipient.email or "").strip()
        if not address:
            raise PermanentDeliveryError("收件人未登记电子邮箱 / recipient has no e-mail address")
        body = notification.body
        if notification.link:
            body = f"{body}\n\n{notification.link}"
        send_mail(
            subject=notification.subject,
            message=body,
            from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None),
            recipient_list=[address],
            fail_silently=False,
        )
