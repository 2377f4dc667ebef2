"""What citizens read on the licence pages (issue 8 item 13): the type, holder, issuer and dates,
not the internal licence number (``marriage_cert-2026-000001``); it stays in links and the QR code,
which is how a licence is verified."""

from __future__ import annotations

import re

import pytest

from zwfw.core.models import Role
from zwfw.core.tests.factories import login_client
from zwfw.licences.tests.factories import PERSON_ID, issue, make_type

pytestmark = pytest.mark.django_db


def visible_text(html: str) -> str:
    """The page's text as a reader sees it: no tags, attributes, scripts or SVG."""
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture(autouse=True)
def marriage_cert(db):
    return make_type(code="marriage_cert", name="结婚证")


@pytest.fixture
def person(make_user):
    return make_user(role=Role.PERSON, username="disp_person", id_number=PERSON_ID, display_name="张伟")


def test_wallet_and_card_do_not_show_the_internal_number(person):
    h = issue(licence_type="marriage_cert")
    client = login_client(person)
    for url in ("/licences/", f"/licences/card/{h.number}/"):
        response = client.get(url)
        assert response.status_code == 200
        text = visible_text(response.content.decode())
        assert h.number not in text, url
        assert "证照编号" not in text, url
        assert "结婚证" in text
    card = client.get(f"/licences/card/{h.number}/").content.decode()
    assert h.verify_code in visible_text(card)  # the code the holder passes on is still shown
    assert f"number={h.number}" in card  # the verification link still carries the number


def test_verify_result_does_not_echo_the_internal_number(client):
    h = issue(licence_type="marriage_cert")
    response = client.get("/licences/verify/", {"number": h.number, "code": h.verify_code})
    text = visible_text(response.content.decode())
    assert "结婚证" in text
    assert h.number not in text
