import pytest

from zwfw.cases import selectors
from zwfw.cases.services import case_accept, case_apply
from zwfw.catalog.demo import build_catalog
from zwfw.catalog.services import catalog_import
from zwfw.core.models import Role, User
from zwfw.core.services.seed import DEMO_PASSWORD, demo_accounts_ensure, seed_reference_data
from zwfw.core.tests.factories import make_user


@pytest.mark.django_db
def test_x():
    seed_reference_data(actor=None); demo_accounts_ensure(actor=None)
    catalog_import(actor=None, data=build_catalog(), publish=True)
    r = make_user(role=Role.REVIEWER, username="reviewer_ga", department="510107-ga", password=DEMO_PASSWORD)
    p = User.objects.get(username="person"); c = User.objects.get(username="clerk")
    case = case_apply(actor=p, implementation_code="511F02004000-510107000000-000-510107GA-1-00", channel="online", form_data={"address":"x","postal_address":"y"})
    case.materials.update(status="uploaded")
    case_accept(actor=c, case=case)
    print(r.department.code, r.department.path, case.department.code, case.department.path)
    print([(s.key, s.status, s.role, s.department.code, s.department.path) for s in case.steps.all()])
    print(list(selectors.case_list_for(user=r)))
    print(list(selectors.review_queue(user=r)))
    assert 0
