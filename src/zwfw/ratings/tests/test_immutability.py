"""A rating is immutable against every role: model, queryset, admin and (PostgreSQL) database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from zwfw.core.tests.factories import login_client
from zwfw.ratings.models import Rating, RatingReason

pytestmark = pytest.mark.django_db


@pytest.fixture
def rating(users, done_case):
    from zwfw.ratings.services import rating_create

    return rating_create(actor=users["person"], kind="case", ref=done_case.pk, level=5, reasons=["slow"], comment="慢")


def test_model_and_queryset_refuse_changes(rating):
    rating.level = 1
    with pytest.raises(ValidationError):
        rating.save()
    with pytest.raises(ValidationError):
        rating.delete()
    with pytest.raises(ValidationError):
        Rating.objects.filter(pk=rating.pk).update(level=1)
    with pytest.raises(ValidationError):
        Rating.objects.filter(pk=rating.pk).delete()
    with pytest.raises(ValidationError):
        RatingReason.objects.filter(rating=rating).delete()
    assert Rating.objects.get(pk=rating.pk).level == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_the_database_refuses_update_and_delete(rating):
    for sql in (
        "UPDATE ratings_rating SET level = 1 WHERE id = %s",
        "DELETE FROM ratings_ratingreason WHERE rating_id = %s",
        "DELETE FROM ratings_rating WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [rating.pk])
    assert Rating.objects.get(pk=rating.pk).level == 5


def test_admin_is_read_only_even_for_a_superuser(rating, users):
    from zwfw.core.tests.factories import make_user

    root = make_user(role="platform_admin", username="r_root")
    type(root).objects.filter(pk=root.pk).update(is_superuser=True, is_staff=True)
    root.refresh_from_db()
    client = login_client(root)
    assert client.get(f"/admin/ratings/rating/{rating.pk}/change/").status_code == 200
    r = client.post(f"/admin/ratings/rating/{rating.pk}/change/", {"level": 1, "comment": "改"})
    assert r.status_code == 403
    assert client.post(f"/admin/ratings/rating/{rating.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/ratings/rating/add/").status_code == 403
    r = client.post("/admin/ratings/rating/", {"action": "delete_selected", "_selected_action": [rating.pk]})
    assert Rating.objects.filter(pk=rating.pk, level=5, comment="慢").exists()
    assert r.status_code in (200, 302)


def test_no_page_changes_a_rating(rating, users, role_users):
    for user in [users["person"], users["hub"], *role_users.values()]:
        client = login_client(user)
        r = client.post(f"/ratings/rate/case/{rating.subject_ref}/", {"level": "1", "reasons": ["fast"]})
        assert r.status_code in (403, 404, 409), (user, r.status_code)
    assert Rating.objects.get(pk=rating.pk).level == 5
