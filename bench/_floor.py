"""The floor endpoint for ``bench/case_lifecycle.py`` and ``bench/case_profile.py`` (issue 9).

Not in the product's URLs: the benchmark's own settings module (:mod:`_bench_settings`) mounts
it at ``/bench/floor/{case_id}`` in front of the product's URLconf. It is what a case action
cannot cost less than on the same stack: the same middleware, the same NinjaAPI authentication
(bearer token, :data:`zwfw.core.api_auth.api_auth`), the same JSON renderer, **one SELECT** (the
case by id) and **one INSERT** (a ``CaseNumberCounter`` row with a random prefix, in a
transaction), answering a few fields of the case.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.urls import path
from ninja import NinjaAPI

from zwfw.api import ChineseJSONRenderer
from zwfw.core.api_auth import api_auth

floor_api = NinjaAPI(
    title="bench floor",
    version="bench",
    urls_namespace="bench_floor",
    auth=api_auth,
    renderer=ChineseJSONRenderer(),
    docs_url=None,
    openapi_url=None,
)


@floor_api.post("/floor/{int:case_id}")
def floor(request, case_id: int):
    from zwfw.cases.models import Case, CaseNumberCounter

    with transaction.atomic():
        row = Case.objects.filter(pk=case_id).values("id", "number", "status", "row_version").first()
        CaseNumberCounter.objects.create(prefix=f"floor-{secrets.token_hex(8)}", last=1)
    return row or {}


urlpatterns = [path("bench/", floor_api.urls)]
