"""Issue 9: a released version's content is built once per process; a draft's every time."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zwfw.catalog.content import version_content, version_content_cached
from zwfw.catalog.interchange.catalog_json import catalog_import
from zwfw.catalog.models import ItemVersion, VersionStatus
from zwfw.catalog.tests import factories as cf
from zwfw.core.tests import factories

pytestmark = pytest.mark.django_db


def test_released_content_is_cached_by_id_and_equal_to_a_fresh_build():
    factories.make_department("510100", "scjg")
    elements = cf.elements()
    catalog_import(
        actor=None,
        data=cf.payload(bases=[cf.base_item(elements=elements)], impls=[cf.implementation(elements=elements)]),
        publish=True,
    )
    version = ItemVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by("-pk").first()
    first = version_content_cached(ItemVersion.objects.get(pk=version.pk))
    with CaptureQueriesContext(connection) as ctx:
        again = version_content_cached(ItemVersion.objects.get(pk=version.pk))
    assert len(ctx.captured_queries) == 1  # the version row itself; its content comes from the cache
    assert again is first and first == version_content(ItemVersion.objects.get(pk=version.pk))


def test_a_draft_is_never_cached():
    factories.make_department("510100", "scjg")
    elements = cf.elements()
    catalog_import(
        actor=None,
        data=cf.payload(bases=[cf.base_item(elements=elements)], impls=[cf.implementation(elements=elements)]),
        publish=False,
    )
    draft = ItemVersion.objects.filter(status=VersionStatus.DRAFT).order_by("-pk").first()
    assert draft is not None
    assert version_content_cached(draft) is not version_content_cached(draft)
