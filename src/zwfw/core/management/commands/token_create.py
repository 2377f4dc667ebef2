"""``zwfw token create USER [--name NAME]``: create an API token for USER and print its key once."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zwfw.core.errors import ZwfwError
from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.core.models import User
from zwfw.core.services.accounts import api_token_create


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "为用户创建API令牌（明文只显示一次）"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("--name", default="命令行创建", help="令牌用途")

    def handle(self, *args, username: str, name: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户{username}不存在")
        try:
            token, key = api_token_create(actor=None, user=user, name=name)
        except ZwfwError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(f"已为{username}创建令牌“{token.name}”（前缀 {token.prefix}）。明文仅显示这一次：")
        self.stdout.write(key)
