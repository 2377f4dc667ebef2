"""Locust users for ``bench/case_lifecycle.py`` (run headless by that script; not on its own).

``ZWFW_BENCH_CONFIG`` names a JSON file written by the script's set-up step: API tokens of the
demo accounts, the item, its form data, the search queries and (for the status test) case ids
with their owners.

- :class:`LifecycleUser` runs whole case lifecycles through the HTTP API, back to back (no think
  time): the enterprise applies with its required materials in one multipart request
  (``POST /cases/multipart``: the application JSON and one 37-byte PDF per required material), the
  window clerk accepts, the reviewer completes every active workflow step and decides 准予, the
  clerk delivers (电子送达) and completes (办结); then one anonymous catalog search. Each request is
  recorded under its route name; the whole lifecycle is recorded as ``FLOW lifecycle`` (its
  count, over the run time, is lifecycles per second). After each lifecycle one call of the
  floor endpoint (``POST /bench/floor/{id}``, ``bench/_floor.py``) is recorded as its own entry.
- Every answer's ``X-Bench-Cpu-Us`` header (the server's CPU for that request, set by the bench
  settings' middleware) is collected per request name and written, when the run stops, to the
  JSON file ``ZWFW_BENCH_CPU_OUT`` names.
- :class:`FloorLifecycleUser` is the ceiling: a "lifecycle" of as many floor calls as a real
  lifecycle makes HTTP requests (``floor_requests`` in the config, measured by the script from
  the real run), recorded as ``FLOW floor lifecycle``. Its rate is what this stack (gunicorn,
  Django, django-ninja, bearer tokens, PostgreSQL or SQLite) and this machine would give if every
  request of a lifecycle cost one SELECT and one INSERT.
- :class:`StatusUser` asks for one case's detail (``GET /api/v1/cases/{id}``, the applicant's
  own case: status, steps, timeline) in a loop.
"""

from __future__ import annotations

import json
import os
import random
import time

from locust import FastHttpUser, constant, events, task

CONFIG = json.loads(open(os.environ["ZWFW_BENCH_CONFIG"], encoding="utf-8").read())  # noqa: SIM115
PDF = b"%PDF-1.4\n% zwfw bench material\n%%EOF\n"
MAX_ROUNDS = 12  # workflow steps per lifecycle at most (a bound, not a figure)
CPU_US: dict[str, list[int]] = {}


@events.test_stop.add_listener
def _write_cpu(**_kwargs) -> None:
    path = os.environ.get("ZWFW_BENCH_CPU_OUT")
    if path:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(CPU_US, fh)


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = "zwfwbench" + os.urandom(8).hex()
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value.encode())
    for name, (filename, content, ctype) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {ctype}\r\n\r\n"
        )
        parts.append(head.encode() + content)
    body = b"\r\n".join(parts) + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class LifecycleError(Exception):
    """A request of the lifecycle did not answer as expected."""


def _auth(role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {CONFIG['tokens'][role]}"}


def _check(response, name: str, ok: int = 200) -> bool:
    """Keep the answer's server CPU (``X-Bench-Cpu-Us``) under ``name``; mark a status other than
    ``ok`` as a failure (False)."""
    cpu = response.headers.get("X-Bench-Cpu-Us") if response.headers else None
    if cpu:
        CPU_US.setdefault(name, []).append(int(cpu))
    if response.status_code != ok:
        response.failure(f"{response.status_code}: {(response.text or '')[:200]}")
        return False
    return True


def _flow(environment, name: str, started: float, error: Exception | None) -> None:
    """Record a whole flow (its time since ``started``) as its own locust entry of type FLOW."""
    environment.events.request.fire(
        request_type="FLOW",
        name=name,
        response_time=(time.perf_counter() - started) * 1000,
        response_length=0,
        exception=error,
        context={},
    )


class LifecycleUser(FastHttpUser):
    wait_time = constant(0)
    weight = 1

    def _call(self, method: str, path: str, name: str, role: str | None, ok: int = 200, **kwargs) -> dict:
        headers = {**(_auth(role) if role else {}), **kwargs.pop("headers", {})}
        with self.client.request(method, path, name=name, headers=headers, catch_response=True, **kwargs) as response:
            if not _check(response, name, ok):
                raise LifecycleError(f"{name} → {response.status_code}: {(response.text or '')[:200]}")
            return response.json() if response.text else {}

    def _post(self, path: str, name: str, role: str, body: dict | None = None, ok: int = 200) -> dict:
        return self._call("POST", path, name, role, ok=ok, json=body or {})

    @task
    def lifecycle(self) -> None:
        started = time.perf_counter()
        error: Exception | None = None
        try:
            self._run()
        except LifecycleError as exc:
            error = exc
        _flow(self.environment, "lifecycle", started, error)

    def _run(self) -> None:
        application = json.dumps(
            {"implementation_code": CONFIG["item"], "channel": "online", "form_data": CONFIG["form"]},
            ensure_ascii=False,
        )
        files = {key: (f"{key}.pdf", PDF, "application/pdf") for key in CONFIG["material_keys"]}
        body, content_type = _multipart({"application": application}, files)
        case = self._call(
            "POST",
            "/api/v1/cases/multipart",
            "POST /cases/multipart (apply)",
            "applicant",
            ok=201,
            data=body,
            headers={"Content-Type": content_type},
        )
        cid = case["id"]
        case = self._post(f"/api/v1/cases/{cid}/accept", "POST /cases/{id}/accept", "clerk")
        for _ in range(MAX_ROUNDS):
            if case["status"] == "completed":
                break
            active = [s for s in case["steps"] if s["status"] == "active"]
            if case["status"] in {"decided", "delivered"} and not active:
                case = self._post(f"/api/v1/cases/{cid}/complete", "POST /cases/{id}/complete", "clerk")
                continue
            if not active:
                raise LifecycleError(f"case {cid} is {case['status']} with no active step")
            step = active[0]
            role = "reviewer" if step["role"] in {"reviewer", "dept_admin"} else "clerk"
            if step["kind"] == "decide":
                case = self._post(
                    f"/api/v1/cases/{cid}/decide",
                    "POST /cases/{id}/decide",
                    role,
                    {"approved": True, "reason": "材料齐全，符合法定条件", "legal_basis": ""},
                )
            elif step["kind"] == "deliver":
                case = self._post(
                    f"/api/v1/cases/{cid}/deliver", "POST /cases/{id}/deliver", "clerk", {"method": "electronic"}
                )
            else:
                case = self._post(
                    f"/api/v1/cases/{cid}/steps/{step['key']}/complete",
                    "POST /cases/{id}/steps/{key}/complete",
                    role,
                    {"action": "pass", "opinion": "同意"},
                )
        if case["status"] != "completed":
            raise LifecycleError(f"case {cid} ended {case['status']}")
        self._post(f"/bench/floor/{cid}", "POST /bench/floor/{id} (floor)", "applicant")
        self._call(
            "GET", "/api/v1/catalog/search", "GET /catalog/search", None, params={"q": random.choice(CONFIG["queries"])}
        )


class StatusUser(FastHttpUser):
    wait_time = constant(0)
    weight = 1

    @task
    def status(self) -> None:
        case_id, owner = random.choice(CONFIG["status_ids"])
        with self.client.get(
            f"/api/v1/cases/{case_id}", name="GET /cases/{id}", headers=_auth(owner), catch_response=True
        ) as response:
            _check(response, "GET /cases/{id}")


class FloorLifecycleUser(FastHttpUser):
    wait_time = constant(0)
    weight = 1

    @task
    def floor_lifecycle(self) -> None:
        started = time.perf_counter()
        error: Exception | None = None
        ids = CONFIG.get("status_ids") or [[1, "applicant"]]
        case_id = random.choice(ids)[0]
        for _ in range(int(CONFIG.get("floor_requests", 10))):
            with self.client.post(
                f"/bench/floor/{case_id}",
                name="POST /bench/floor/{id} (ceiling)",
                headers=_auth("applicant"),
                json={},
                catch_response=True,
            ) as response:
                if not _check(response, "POST /bench/floor/{id} (ceiling)"):
                    error = LifecycleError(f"floor → {response.status_code}")
                    break
        _flow(self.environment, "floor lifecycle", started, error)
