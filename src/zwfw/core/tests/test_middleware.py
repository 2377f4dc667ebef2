import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "url", "kwargs"),
    [
        ("get", "/api/v1/regions/%00", {}),
        ("get", "/api/v1/catalog/items?region=%00", {}),
        ("post", "/api/v1/catalog/search", {"data": '{"q": "a\\u0000"}', "content_type": "application/json"}),
        (
            "post",
            "/accounts/login/",
            {"data": "username=a%00b&password=x", "content_type": "application/x-www-form-urlencoded"},
        ),
    ],
)
def test_nul_anywhere_is_a_400_not_a_500(client, method, url, kwargs):
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == 400
    if url.startswith("/api/"):
        body = response.json()
        assert body["code"] == "bad_request"
        assert "NUL" in body["message"]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", b"a\x00b"),
        ("application/xml", b"<q>a\x00</q>"),
        ("APPLICATION/JSON", b'{"q": "a\\u0000"}'),
        ("", b'{"q": "a\\u0000"}'),
        ("application/json; charset=utf-8", b'{"q": "a\x00"}'),
        ("Application/X-WWW-Form-Urlencoded", b"q=a%00b"),
        ("application/octet-stream", b"q=a%00b"),
    ],
)
@pytest.mark.parametrize("url", ["/api/v1/catalog/search", "/accounts/login/"])
def test_nul_is_refused_whatever_the_content_type_claims(client, url, content_type, body):
    from zwfw.core.models import AuditLog

    before = AuditLog.objects.count()
    response = client.generic("POST", url, body, content_type=content_type)
    assert response.status_code == 400
    assert AuditLog.objects.count() == before
    if url.startswith("/api/"):
        assert response.json()["code"] == "bad_request"


def test_text_without_nul_passes(client):
    assert (
        client.get("/api/v1/identifiers/validate", {"kind": "uscc", "value": "91350100M000100Y43"}).status_code == 200
    )


def test_an_upload_may_contain_nul_bytes(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4\x00\x00binary", content_type="application/pdf")
    response = client.post("/accounts/login/", {"username": "nobody", "password": "x", "file": upload})
    assert response.status_code == 200  # the login form answers (bad credentials), no NUL rejection


@pytest.mark.parametrize("path", ["/api/v1/cases/abc", "/api/v1/no-such-thing", "/api/v2/health"])
def test_unmatched_api_path_answers_with_the_error_body(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# ---- a busy database is 503 with Retry-After, never a 500 (issue 18 item 7) -----------------------


def _locked(*args, **kwargs):
    from django.db import OperationalError

    raise OperationalError("database is locked")


def test_a_busy_database_answers_503_with_retry_after_on_the_api(client, monkeypatch):
    from zwfw.core.selectors import regions

    monkeypatch.setattr(regions, "region_list", _locked)
    response = client.get("/api/v1/regions")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["code"] == "database_busy"
    assert "稍后重试" in response.json()["message"]


def test_a_busy_database_answers_a_chinese_503_page(client, monkeypatch):
    from zwfw.core import views

    monkeypatch.setattr(views, "home_summary_for", _locked)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "系统繁忙" in response.content.decode()


def test_another_operational_error_is_not_disguised_as_busy(client, monkeypatch):
    from django.db import OperationalError

    from zwfw.core.selectors import regions

    def broken(*args, **kwargs):
        raise OperationalError("no such table: core_region")

    monkeypatch.setattr(regions, "region_list", broken)
    with pytest.raises(OperationalError):
        client.get("/api/v1/regions")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unsafe_methods_on_an_unmatched_api_path_get_the_json_404_not_the_csrf_page(method):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)("/api/v1/no-such-thing", data="{}", content_type="application/json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# ---- a multipart body Django cannot parse: a clear 400, the user still logged in (issue 8 item 9) ---


def _long_name_body(boundary: str) -> bytes:
    name = "很长的文件名" * 95 + ".pdf"  # 569 characters, about 1.7 KB in the part's header
    return (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="application_form"; filename="{name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
        "%PDF-1.4 test\r\n"
        f"--{boundary}--\r\n"
    ).encode()


def test_an_unreadable_upload_is_a_clear_400_and_the_user_stays_logged_in(make_user, client_for):
    from zwfw.core.models import Role

    user = make_user(role=Role.PERSON, username="long_name", display_name="长名用户")
    client = client_for(user)
    response = client.generic("POST", "/", _long_name_body("b0"), content_type="multipart/form-data; boundary=b0")
    assert response.status_code == 400
    html = response.content.decode()
    assert "文件名过长" in html and "返回上一页" in html
    assert "长名用户" in html  # the shell still shows who is logged in


def test_an_unreadable_upload_on_the_api_is_the_json_error_body(client):
    response = client.generic(
        "POST", "/api/v1/cases", _long_name_body("b1"), content_type="multipart/form-data; boundary=b1"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request" and "文件名过长" in response.json()["message"]
