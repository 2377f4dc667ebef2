"""The demo hook: types from the catalog's YAML, wallets of the demo person and enterprise."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from django.apps import apps

from zwfw.core.services.seed import demo_accounts_ensure
from zwfw.licences.catalogue import id_card_valid_until
from zwfw.licences.demo import TYPES_FILE
from zwfw.licences.models import LicenceHolding, LicenceType
from zwfw.licences.selectors import licence_holdings_for, licence_wallet_for

pytestmark = pytest.mark.django_db


def test_demo_data_is_loaded_once(seeded):
    accounts = demo_accounts_ensure(actor=None)
    assert "person" in accounts.created + accounts.existing
    hook = apps.get_app_config("licences").load_demo_data
    first = hook()
    listed = yaml.safe_load(TYPES_FILE.read_text(encoding="utf-8"))
    assert first == {"证照类型": len(listed), "新签发证照": 4}
    assert set(LicenceType.objects.values_list("code", flat=True)) >= {row["code"] for row in listed}
    assert hook() == {"证照类型": len(listed), "新签发证照": 0}
    assert LicenceHolding.objects.count() == 4

    from zwfw.core.models import User

    person = User.objects.get(username="person")
    enterprise = User.objects.get(username="enterprise")
    assert {h.licence_type for h in licence_wallet_for(user=person)} == {"id_card", "hukou_book", "marriage_cert"}
    assert [h.licence_type for h in licence_holdings_for(uscc=enterprise.uscc)] == ["business_licence"]
    id_card = next(h for h in licence_wallet_for(user=person) if h.licence_type == "id_card")
    assert id_card.valid_until == dt.date(2036, 3, 7)  # issued at 26: 20 years


@pytest.mark.parametrize(
    ("birth", "issued", "until"),
    [
        (dt.date(2015, 1, 1), dt.date(2026, 1, 1), dt.date(2031, 1, 1)),  # 11 years old: 5 years
        (dt.date(2010, 6, 1), dt.date(2026, 5, 31), dt.date(2031, 5, 31)),  # one day short of 16
        (dt.date(2010, 6, 1), dt.date(2026, 6, 1), dt.date(2036, 6, 1)),  # 16: 10 years
        (dt.date(2000, 1, 1), dt.date(2026, 1, 1), dt.date(2046, 1, 1)),  # 26: 20 years
        (dt.date(1980, 1, 1), dt.date(2026, 1, 1), None),  # 46: 长期
    ],
)
def test_id_card_validity_by_age(birth, issued, until):
    assert id_card_valid_until(birth=birth, issued_on=issued) == until
