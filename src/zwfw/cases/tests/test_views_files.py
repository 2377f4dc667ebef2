"""Uploaded materials are served only by the scoped view, never by a public media URL (issue 8.1)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from zwfw.cases.models import CaseMaterial

pytestmark = pytest.mark.django_db


def _stored(case) -> CaseMaterial:
    return CaseMaterial.objects.get(case=case, key="application_form")


def test_no_public_url_answers_for_a_stored_upload(people, apply_case, client_for):
    case = apply_case()
    material = _stored(case)
    assert material.file.name.startswith(f"cases/{case.pk}/")
    for path in (f"/{material.file.name}", f"/media/{material.file.name}"):
        assert Client().get(path).status_code == 404
        # not even for the applicant: the only way to the file is the scoped view
        assert client_for(people["person"]).get(path).status_code == 404


def test_the_scoped_view_serves_the_applicant_and_the_case_staff_only(people, apply_case, client_for):
    case = apply_case()
    url = reverse("cases:material_file", args=[case.pk, "application_form"])
    anonymous = Client().get(url)
    assert anonymous.status_code in {302, 404} and b"%PDF" not in anonymous.content
    assert client_for(people["person2"]).get(url).status_code == 404  # another applicant
    assert client_for(people["clerk_my"]).get(url).status_code == 404  # 绵阳 clerk
    assert client_for(people["reviewer_wjw"]).get(url).status_code == 404  # another department
    for who in ("person", "clerk", "reviewer", "admin"):  # applicant, 成都 clerk, the department
        response = client_for(people[who]).get(url)
        assert response.status_code == 200, who
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF")
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline;")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_material_without_a_file_or_an_unknown_key_is_404(people, apply_case, client_for):
    case = apply_case()
    clerk = client_for(people["clerk"])
    assert clerk.get(reverse("cases:material_file", args=[case.pk, "household_data"])).status_code == 404
    assert clerk.get(reverse("cases:material_file", args=[case.pk, "nope"])).status_code == 404


def test_an_unexpected_stored_type_is_sent_as_an_attachment(people, apply_case, client_for):
    case = apply_case()
    CaseMaterial.objects.filter(case=case, key="application_form").update(content_type="text/html")
    response = client_for(people["clerk"]).get(reverse("cases:material_file", args=[case.pk, "application_form"]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_debug_mode_adds_no_media_route(settings):
    """The demo runs with DEBUG on in some setups: even then no route serves the media folder."""
    import importlib

    from django.urls import clear_url_caches
    from django.views.static import serve

    root = importlib.import_module(settings.ROOT_URLCONF)  # by name: cases does not import the project

    settings.DEBUG = True
    try:
        module = importlib.reload(root)
        assert not [p for p in module.urlpatterns if getattr(p, "callback", None) is serve]
    finally:
        settings.DEBUG = False
        importlib.reload(root)
        clear_url_caches()
