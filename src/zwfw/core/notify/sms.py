"""短信: through the SMS gateway (短信平台) at ``ZWFW_SMS_GATEWAY_URL``, or a log-only stub.

Without a gateway URL the adapter logs the masked phone number and the length of the text and
reports success, so a development or demo machine never texts anybody. With one, it POSTs JSON
``{"mobile", "sign", "content", "reference"}`` with ``Authorization: Bearer <token>`` and counts
any 2xx answer as accepted. Gateways of other shapes get their own adapter registered for
``"sms"`` (:func:`zwfw.core.notify.adapter_register`).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings

from zwfw.core.identifiers import mask_phone
from zwfw.core.notify.base import ChannelAdapter, DeliveryError, PermanentDeliveryError
from zwfw.env import ENV

logger = logging.getLogger("zwfw.notify.sms")

SMS_MAX_CHARS = 500  # long SMS are split by the carrier; keep one notice well below a page


def sms_text(notification) -> str:
    text = f"{notification.subject}：{notification.body}" if notification.body else notification.subject
    return text[:SMS_MAX_CHARS]


class SmsAdapter(ChannelAdapter):
    channel = "sms"
    timeout_s = 10

    def __init__(self, *, url: str | None = None, token: str | None = None, sign: str | None = None) -> None:
        self.url = url if url is not None else getattr(settings, "ZWFW_SMS_GATEWAY_URL", ENV.sms_gateway_url)
        self.token = token if token is not None else getattr(settings, "ZWFW_SMS_GATEWAY_TOKEN", ENV.sms_gateway_token)
        self.sign = sign if sign is not None else getattr(settings, "ZWFW_SMS_SIGN", ENV.sms_sign)

    def send(self, notification) -> None:
        phone = (notification.recipient.phone or "").strip()
        if not phone:
            raise PermanentDeliveryError("收件人未登记手机号码 / recipient has no phone number")
        text = sms_text(notification)
        if not self.url:
            logger.info(
                "SMS stub (no ZWFW_SMS_GATEWAY_URL): to=%s chars=%d notification=%s",
                mask_phone(phone),
                len(text),
                notification.pk,
            )
            return
        payload = {"mobile": phone, "sign": self.sign, "content": text, "reference": f"zwfw-{notification.pk}"}
        request = urllib.request.Request(  # noqa: S310  (URL is operator configuration, checked http(s) in env)
            self.url,
            data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8", "Authorization": f"Bearer {self.token}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            if 400 <= exc.code < 500 and exc.code not in {408, 429}:
                raise PermanentDeliveryError(f"短信平台拒绝 / gateway refused: HTTP {exc.code}") from exc
            raise DeliveryError(f"短信平台错误 / gateway error: HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise DeliveryError(f"短信平台不可达 / gateway unreachable: {exc}") from exc
        if not 200 <= status < 300:
            raise DeliveryError(f"短信平台错误 / gateway error: HTTP {status}")
        logger.info("SMS sent: to=%s notification=%s", mask_phone(phone), notification.pk)
