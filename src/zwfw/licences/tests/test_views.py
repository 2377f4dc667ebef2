"""The licences' pages: 我的证照 with QR codes and the watermark, one card, 证照核验, staff list."""

from __future__ import annotations

import re

import pytest

from zwfw.core.models import Role
from zwfw.core.tests.factories import login_client
from zwfw.licences.models import HoldingStatus
from zwfw.licences.qr import qr_matrix
from zwfw.licences.tests.factories import OTHER_PERSON_ID, PERSON_ID, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(make_user):
    return make_user(role=Role.PERSON, username="view_person", id_number=PERSON_ID, display_name="张伟")


def svg_matrix(svg: str) -> list[list[bool]]:
    """Read the dark modules back out of a qrcode SvgPathImage (one ``M x,y H x+1 V y+1 H x z`` each)."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    grid = [[False] * size for _ in range(size)]
    path = re.search(r'<path d="([^"]+)"', svg).group(1)
    for x, y in re.findall(r"M(\d+),(\d+)H", path):
        grid[int(y)][int(x)] = True
    return grid


def test_wallet_page_shows_cards_qr_and_watermark(person):
    h = issue(licence_type="marriage_cert")
    response = login_client(person).get("/licences/")
    assert response.status_code == 200
    html = response.content.decode()
    assert h.number in html
    assert "仅供办理政务服务事项时使用，有效期至长期" in html
    assert 'data-testid="licence-card"' in html
    assert 'class="licence-qr" role="img"' in html


def test_qr_code_encodes_the_verification_url(person):
    h = issue()
    html = login_client(person).get(f"/licences/card/{h.number}/").content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    url = f"http://testserver/licences/verify/?number={h.number}&code={h.verify_code}"
    sealed = f"{url}&kid={h.signing_kid}&sig={h.signature}"  # the 电子印章 travels with the link
    assert h.signature
    assert svg_matrix(svg) == qr_matrix(sealed)
    assert svg_matrix(svg) != qr_matrix(sealed.replace(h.verify_code, "2222222222"))
    assert f'href="{url.replace("&", "&amp;")}"' in html


def test_card_of_another_person_is_404(person):
    theirs = issue(holder_name="李四", holder_id_number=OTHER_PERSON_ID)
    assert login_client(person).get(f"/licences/card/{theirs.number}/").status_code == 404


def test_wallet_page_needs_login_and_an_applicant(make_user):
    anonymous = login_client(None).get("/licences/")
    assert anonymous.status_code == 302
    assert "/login" in anonymous["Location"]
    assert login_client(make_user(role=Role.WINDOW_CLERK)).get("/licences/").status_code == 403


def test_revoked_licence_has_no_watermark(person):
    from zwfw.licences.services import licence_revoke

    h = issue()
    licence_revoke(actor=None, holding=h, reason="依法撤销")
    html = login_client(person).get("/licences/").content.decode()
    assert "已注销" in html
    assert "仅供办理政务服务事项时使用" not in html


def test_verify_page_valid_revoked_wrong_code(db):
    h = issue()
    client = login_client(None)
    ok = client.get("/licences/verify/", {"number": h.number, "code": h.verify_code}).content.decode()
    assert 'data-outcome="valid"' in ok
    assert "成都市武侯区民政局" in ok
    assert "张*" in ok
    assert "张伟" not in ok
    wrong = client.get("/licences/verify/", {"number": h.number, "code": "2222222222"}).content.decode()
    unknown = client.get("/licences/verify/", {"number": "nope", "code": "2222222222"}).content.decode()
    assert 'data-outcome="unknown"' in wrong
    assert "无法核验" in wrong
    assert h.number not in wrong.split('data-testid="verify-result"')[1]
    assert wrong.split('data-testid="verify-result"')[1] == unknown.split('data-testid="verify-result"')[1]
    empty = client.get("/licences/verify/").content.decode()
    assert "verify-result" not in empty


def test_staff_page_lists_masked_and_revokes(make_user):
    h = issue()
    admin = make_user(role=Role.DEPT_ADMIN, department="510107-mz")
    client = login_client(admin)
    html = client.get("/licences/staff/").content.decode()
    assert h.number in html
    assert "张*" in html
    assert PERSON_ID not in html
    response = client.post(f"/licences/staff/{h.number}/revoke/", {"reason": "依法撤销"})
    assert response.status_code == 302
    h.refresh_from_db()
    assert h.status == HoldingStatus.REVOKED
    assert login_client(make_user(role=Role.PERSON)).get("/licences/staff/").status_code == 403


def test_staff_revoke_without_reason_keeps_the_licence(make_user):
    h = issue()
    admin = make_user(role=Role.DEPT_ADMIN, department="510107-mz")
    response = login_client(admin).post(f"/licences/staff/{h.number}/revoke/", {"reason": ""}, follow=True)
    assert "请填写注销原因" in response.content.decode()
    h.refresh_from_db()
    assert h.status == HoldingStatus.VALID


def test_navigation_shows_my_licences_to_applicants(person, make_user):
    assert "我的证照" in login_client(person).get("/").content.decode()
    assert "我的证照" not in login_client(make_user(role=Role.WINDOW_CLERK)).get("/").content.decode()
