"""The PII scan of the role matrix, on pages (issue 18 item 2).

Every page of the site that takes no id, and every page that takes a case or 一件事 application id
(called with the world's 成都 rows), is fetched by every caller of the role matrix. A 2xx page may
show the viewer's own 身份证号 and mobile number, and the intake roles
(``zwfw.core.pii.FULL_IDENTIFIER_ROLES``) may see them in full on the cases they handle; no other
viewer may find another person's full ID number or mobile number anywhere in the HTML.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from tests.api.test_api_role_matrix import CALLERS, pii_leaks

from zwfw.core.tests.factories import login_client

pytestmark = pytest.mark.django_db

SKIP_NAMES = {"logout", "set_language"}
ID_PARAMS = {"case_id": "cd_case", "application_id": "cd_application"}


def _walk(resolver, prefix: str = ""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def _pages() -> list[str]:
    out = []
    for route, pattern in _walk(get_resolver()):
        if route.startswith(("api/", "admin/", "^")) or pattern.name in SKIP_NAMES:
            continue
        converters = getattr(pattern.pattern, "converters", {})
        if set(converters) - set(ID_PARAMS):
            continue
        if route.count("<") > 1 or any(
            seg in route for seg in ("<slug:", "/act/", "/advance/", "/withdraw/", "/resubmit/")
        ):
            continue
        out.append("/" + route)
    return sorted(set(out))


PAGES = _pages()


def _url(route: str, world: dict) -> str:
    cases, applications = world["cases"], world["applications"]
    return route.replace("<int:case_id>", str(cases["cd"].id)).replace(
        "<int:application_id>", str(applications["cd"].id)
    )


def test_pages_cover_the_case_pages():
    assert {"/cases/<int:case_id>/", "/cases/window/<int:case_id>/", "/cases/review/<int:case_id>/"} <= set(PAGES)
    assert len(PAGES) >= 60


@pytest.mark.parametrize("route", PAGES)
def test_page_shows_no_other_persons_full_identifiers(route, world, db):
    path = _url(route, world)
    failures, seen = [], {}
    for who in CALLERS:
        user = None if who == "anonymous" else world["users"][who]
        response = login_client(user).get(path)
        seen[who] = response.status_code
        if response.status_code >= 500:
            failures.append(f"{who}: {response.status_code}")
            continue
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        ctype = response.get("Content-Type", "")
        if not ctype.startswith(("text/", "application/json")):
            continue
        leaked = pii_leaks(who, response.content.decode("utf-8", "replace"), world)
        if leaked:
            failures.append(f"{who} sees another person's full identifiers on {path}: {leaked[:5]}")
    assert not failures, f"{path} statuses {seen}:\n" + "\n".join(failures)


def test_case_page_masks_for_the_reviewer_and_not_for_the_intake_clerk(world, db):
    """The scan above is not vacuous: the case page does show the form's ID number and mobile,
    in full to the window clerk and masked to the reviewer and the hotline operator."""
    users, case = world["users"], world["cases"]["cd"]
    person = users["person"]
    clerk = login_client(users["window_clerk"]).get(f"/cases/window/{case.id}/").content.decode()
    assert person.id_number in clerk and person.phone in clerk
    for who, page in (("reviewer", f"/cases/review/{case.id}/"), ("hotline_operator", f"/cases/{case.id}/")):
        response = login_client(users[who]).get(page, follow=True)
        text = response.content.decode()
        if who == "reviewer":
            assert response.status_code == 200 and person.id_number[:4] + "*" * 10 + person.id_number[-4:] in text
        assert person.id_number not in text and person.phone not in text
