"""Data catalogue, sharing requests, logged reads and connectors."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import PermissionDenied

from zwfw.core.models import AuditLog, Role
from zwfw.core.tests.factories import login_client, make_department
from zwfw.sharing.connectors import (
    ConnectorError,
    FakeConnector,
    FileDropConnector,
    HttpJsonConnector,
    connector_override,
)
from zwfw.sharing.errors import SharingError
from zwfw.sharing.models import DataRead, RequestStatus
from zwfw.sharing.services import dataset_register, shared_data_read, sharing_request_create, sharing_request_decide

pytestmark = pytest.mark.django_db

USCC = "91510107MA6CDEM1XB"


@pytest.fixture
def world(make_user):
    for code in ("510000-scjg", "510100-scjg", "510107-scjg", "510700-scjg", "510100-zwfw"):
        region, line = code.split("-")
        make_department(region, line)
    ds = dataset_register(
        actor=None,
        code="ent-reg",
        name="市场主体登记信息",
        department_code="510000-scjg",
        fields=[{"name": "name", "label": "名称"}, {"name": "address", "label": "住所"}],
        classification="important",
    )
    my_ds = dataset_register(actor=None, code="my-data", name="绵阳数据", department_code="510700-scjg")
    return {
        "ds": ds,
        "my_ds": my_ds,
        "clerk": make_user(role=Role.WINDOW_CLERK, username="s_clerk", department="510100-zwfw"),
        "owner_admin": make_user(role=Role.DEPT_ADMIN, username="s_owner", department="510000-scjg"),
        "cd_admin": make_user(role=Role.DEPT_ADMIN, username="s_cd_admin", department="510100-scjg"),
        "my_clerk": make_user(role=Role.WINDOW_CLERK, username="s_my_clerk", region="510700"),
    }


def test_catalogue_scope(world):
    clerk = login_client(world["clerk"])
    codes = {d["code"] for d in clerk.get("/api/v1/sharing/datasets").json()}
    assert codes == {"ent-reg"}  # the province's, not 绵阳's
    my_codes = {d["code"] for d in login_client(world["my_clerk"]).get("/api/v1/sharing/datasets").json()}
    assert my_codes == {"ent-reg", "my-data"}
    assert clerk.get("/api/v1/sharing/datasets/my-data").status_code == 404
    assert login_client(None).get("/api/v1/sharing/datasets").status_code == 401


def test_catalogue_is_staff_only(world, make_user):
    person = login_client(make_user(role=Role.PERSON, username="s_person"))
    assert person.get("/api/v1/sharing/datasets").status_code == 403


def test_register_needs_scope(world):
    with pytest.raises(PermissionDenied):
        dataset_register(actor=world["cd_admin"], code="x", name="x", department_code="510700-scjg")
    ds = dataset_register(actor=world["cd_admin"], code="cd-x", name="成都数据", department_code="510107-scjg")
    assert ds.department.code == "510107-scjg"
    with pytest.raises(SharingError) as exc:
        dataset_register(actor=None, code="cd-x", name="again", department_code="510107-scjg")
    assert exc.value.status == 409


def test_request_approve_read_is_logged(world):
    ds, clerk = world["ds"], world["clerk"]
    fake = FakeConnector({USCC: {"name": "成都测试商贸有限公司", "address": "武侯区", "secret": "不应返回"}})
    with connector_override("ent-reg", fake):
        with pytest.raises(SharingError) as exc:  # no approved request yet: refused, and logged
            shared_data_read(actor=clerk, dataset=ds, subject=USCC, purpose="营业执照核验")
        assert exc.value.status == 403
        assert DataRead.objects.get().outcome == "refused"
        req = sharing_request_create(actor=clerk, dataset=ds, purpose="办理食品经营许可免提交营业执照")
        with pytest.raises(PermissionDenied):  # the requester's side cannot approve
            sharing_request_decide(actor=world["cd_admin"], request=req, approved=True)
        req = sharing_request_decide(actor=world["owner_admin"], request=req, approved=True, note="同意")
        assert req.status == RequestStatus.APPROVED
        record = shared_data_read(actor=clerk, dataset=ds, subject=USCC, purpose="营业执照核验", case_number="C-1")
        assert record == {"name": "成都测试商贸有限公司", "address": "武侯区"}  # only declared fields
        assert shared_data_read(actor=clerk, dataset=ds, subject="91510107MA6CDEM2XX", purpose="核验") is None
    assert fake.calls == [("ent-reg", USCC), ("ent-reg", "91510107MA6CDEM2XX")]
    reads = list(DataRead.objects.order_by("id").values_list("outcome", "case_number", "request_id"))
    assert reads == [("refused", "", None), ("ok", "C-1", req.pk), ("not_found", "", req.pk)]
    assert AuditLog.objects.filter(action="zwfw.sharing.data.read").count() == 3
    with connector_override("ent-reg", FakeConnector(fail=True)), pytest.raises(SharingError) as exc:
        shared_data_read(actor=clerk, dataset=ds, subject=USCC, purpose="核验")
    assert exc.value.status == 502
    assert DataRead.objects.order_by("-id").first().outcome == "error"
    # the owner's admin sees the reads of its dataset; a 身份证号 subject is masked
    with connector_override("ent-reg", FakeConnector({})):
        shared_data_read(actor=clerk, dataset=ds, subject="510107199003071234", purpose="核验")
    logs = login_client(world["owner_admin"]).get("/api/v1/sharing/reads").json()
    assert len(logs) == 5 and "510107199003071234" not in json.dumps(logs)
    with pytest.raises(SharingError):  # decided once
        sharing_request_decide(actor=world["owner_admin"], request=req, approved=False, note="x")


def test_reject_needs_a_note(world):
    req = sharing_request_create(actor=world["clerk"], dataset=world["ds"], purpose="用途")
    with pytest.raises(SharingError):
        sharing_request_decide(actor=world["owner_admin"], request=req, approved=False, note="")
    req = sharing_request_decide(actor=world["owner_admin"], request=req, approved=False, note="用途不明确")
    assert req.status == RequestStatus.REJECTED


def test_api_flow(world):
    clerk, owner = login_client(world["clerk"]), login_client(world["owner_admin"])
    r = clerk.post(
        "/api/v1/sharing/requests",
        json.dumps({"dataset": "ent-reg", "purpose": "免提交"}),
        content_type="application/json",
    )
    assert r.status_code == 201
    rid = r.json()["id"]
    r = owner.post(
        f"/api/v1/sharing/requests/{rid}/decide", json.dumps({"approved": True}), content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["status"] == "approved"
    body = json.dumps({"subject": USCC, "purpose": "核验"})
    with connector_override("ent-reg", FakeConnector({USCC: {"name": "某公司"}})):
        r = clerk.post("/api/v1/sharing/datasets/ent-reg/read", body, content_type="application/json")
    assert r.json() == {"found": True, "record": {"name": "某公司"}}
    r = clerk.post(
        "/api/v1/sharing/datasets/ent-reg/read",
        json.dumps({"subject": "../../etc", "purpose": "x"}),
        content_type="application/json",
    )
    assert r.status_code == 422
    r = login_client(world["my_clerk"]).post(
        f"/api/v1/sharing/requests/{rid}/decide", json.dumps({"approved": True}), content_type="application/json"
    )
    assert r.status_code == 403
    # pages
    assert "市场主体登记信息" in clerk.get("/sharing/").content.decode()
    assert 'data-testid="approved"' in clerk.get("/sharing/datasets/ent-reg/").content.decode()
    assert 'data-testid="request-list"' in owner.get("/sharing/requests/").content.decode()
    assert owner.get("/sharing/reads/").status_code == 200
    assert clerk.get("/sharing/reads/").status_code == 403


def test_file_drop_connector(tmp_path):
    (tmp_path / f"{USCC}.json").write_text(json.dumps({"name": "某公司"}), encoding="utf-8")
    c = FileDropConnector(tmp_path)
    assert c.fetch("ds", USCC) == {"name": "某公司"}
    assert c.fetch("ds", "91510107MA6CDEM2XX") is None
    with pytest.raises(ConnectorError):
        c.fetch("ds", "../secret")
    with pytest.raises(ConnectorError):
        FileDropConnector(tmp_path / "missing").fetch("ds", USCC)


def test_http_json_connector():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if USCC in self.path:
                body = json.dumps({"name": "某公司"}).encode()
                self.send_response(200)
            else:
                body = b"{}"
                self.send_response(404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        c = HttpJsonConnector(f"http://127.0.0.1:{server.server_port}/api")
        assert c.fetch("ds", USCC) == {"name": "某公司"}
        assert c.fetch("ds", "91510107MA6CDEM2XX") is None
    finally:
        server.shutdown()
    with pytest.raises(ConnectorError):
        HttpJsonConnector("file:///etc/passwd")
    with pytest.raises(ConnectorError):
        HttpJsonConnector("http://127.0.0.1:9/", timeout=0.5).fetch("ds", USCC)


def test_mask_subject_keeps_a_uscc_and_masks_an_id_number():
    from zwfw.licences.tests.factories import ENTERPRISE_USCC, PERSON_ID
    from zwfw.sharing.services import mask_subject

    assert mask_subject(ENTERPRISE_USCC) == ENTERPRISE_USCC
    masked = mask_subject(PERSON_ID)
    assert masked != PERSON_ID and masked[:4] == PERSON_ID[:4] and "*" in masked
