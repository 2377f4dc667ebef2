"""电子印章: verify 100,000 signed licences offline, per core per second, for each algorithm.

Builds ``--count`` signed files — three in four licences (the shape of
:func:`zwfw.licences.signing.signed_document`: number, type, holder, issuer, dates, 照面信息), one
in four case documents (受理通知书 / 决定书, :func:`zwfw.licences.signing.document_envelope`) —
signed by ``--departments`` department keys, half of them under a key since rotated, then
verifies every one with :func:`zwfw.licences.signing.verify_document` against the public key
list, in one process (one core): JSON parsing, key lookup, issuer check, canonical JSON and the
signature check. Runs once with Ed25519 keys (``--count``) and once with SM2/SM3 keys
(``--sm2-count``: the SM2 package is pure Python, so fewer files give the rate in reasonable time).
Checks that every file verifies and that one changed byte in each of ``--tampered`` files fails.
Prints the rates and writes ``bench/results/licence_verify.json`` with the load average (the
machine is shared: figures move with it).

    .venv/bin/python bench/licence_verify.py                                  # 100,000 + 1,000 SM2
    .venv/bin/python bench/licence_verify.py --count 5000 --sm2-count 100     # quick check
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zwfw.core import signing
from zwfw.licences.signing import DOCUMENT_FORMAT, FORMAT, KeyInfo, verify_document

RESULTS = Path(__file__).resolve().parent / "results"


def _document_payload(i: int, dept: str) -> dict:
    return {
        "kind": "acceptance_notice",
        "title": "受理通知书",
        "number": f"510107-20261201-{i:06d}-SL",
        "case_number": f"510107-20261201-{i:06d}",
        "item_name": "食品经营许可证核发",
        "holder_name": f"成都测试商贸有限公司{i}",
        "holder_id_number": "",
        "holder_uscc": f"91510107MA6CD{i % 100000:05d}",
        "issuer": dept,
        "issuer_name": "行政审批局",
        "issued_at": "2026-12-01T09:30:00+00:00",
        "facts": {"accepted_on": "2026-12-01", "mode": "受理", "due_date": "2026-12-15", "地址": "成都市武侯区"},
    }


def build(count: int, departments: int, alg: str) -> tuple[list[bytes], dict[str, KeyInfo]]:
    keys: dict[str, KeyInfo] = {}
    privates = []
    for d in range(departments):
        for gen in ("old", "new"):  # a rotated key and its successor: both stay listed
            private, public = signing.new_private_key(alg)
            kid = f"5101{d:02d}-scjg-{gen}"
            keys[kid] = KeyInfo(kid=kid, department=f"5101{d:02d}-scjg", public_key=signing.b64u(public), algorithm=alg)
            privates.append((kid, f"5101{d:02d}-scjg", private))
    docs = []
    for i in range(count):
        kid, dept, private = privates[i % len(privates)]
        if i % 4 == 3:
            payload = _document_payload(i, dept)
            sig = signing.b64u(signing.sign(private, signing.canonical_json(payload), alg))
            doc = {"format": DOCUMENT_FORMAT, "payload": payload, "signature": {"alg": alg, "kid": kid, "value": sig}}
            docs.append(json.dumps(doc, ensure_ascii=False).encode())
            continue
        payload = {
            "number": f"business_licence-2026-{i:06d}",
            "licence_type": "business_licence",
            "licence_type_name": "营业执照",
            "holder_name": f"成都测试商贸有限公司{i}",
            "holder_id_number": "",
            "holder_uscc": f"91510107MA6CD{i % 100000:05d}",
            "issuer": dept,
            "issuer_name": "市场监督管理局",
            "issued_at": "2026-12-01T09:30:00.123456+00:00",
            "valid_from": "2026-12-01",
            "valid_until": None,
            "trust_level": "A",
            "data": {"名称": f"成都测试商贸有限公司{i}", "类型": "有限责任公司", "住所": "成都市武侯区人民南路四段1号"},
        }
        sig = signing.b64u(signing.sign(private, signing.canonical_json(payload), alg))
        doc = {"format": FORMAT, "payload": payload, "signature": {"alg": alg, "kid": kid, "value": sig}}
        docs.append(json.dumps(doc, ensure_ascii=False).encode())
    return docs, keys


def measure(alg: str, count: int, departments: int, tampered: int) -> dict:
    t0 = time.perf_counter()
    docs, keys = build(count, departments, alg)
    sign_s = time.perf_counter() - t0
    print(f"[{alg}] signed {len(docs):,} files in {sign_s:.2f} s ({len(docs) / sign_s:,.0f}/s)")

    t0 = time.perf_counter()
    cpu0 = time.process_time()
    ok = sum(1 for raw in docs if verify_document(raw, keys).signature_ok)
    verify_s = time.perf_counter() - t0
    cpu_s = time.process_time() - cpu0
    assert ok == len(docs), f"only {ok} of {len(docs)} verified"
    rate = len(docs) / verify_s
    print(
        f"[{alg}] verified {ok:,} in {verify_s:.2f} s wall, {cpu_s:.2f} s CPU: {rate:,.0f}/s per core (wall), "
        f"{len(docs) / cpu_s:,.0f}/s per core (CPU)"
    )

    caught = 0
    for raw in docs[:tampered]:
        i = raw.index("武侯".encode())
        bad = raw[:i] + "锦江".encode() + raw[i + len("武侯".encode()) :]
        caught += verify_document(bad, keys).outcome == "bad_signature"
    assert caught == min(tampered, len(docs))
    print(f"[{alg}] tampered: {caught} of {min(tampered, len(docs))} rejected")
    return {
        "algorithm": alg,
        "documents": len(docs),
        "case_documents": sum(1 for i in range(len(docs)) if i % 4 == 3),
        "keys": len(keys),
        "sign_seconds": round(sign_s, 2),
        "verify_seconds_wall": round(verify_s, 3),
        "verify_seconds_cpu": round(cpu_s, 3),
        "verified_per_core_per_second_wall": round(rate),
        "verified_per_core_per_second_cpu": round(len(docs) / cpu_s),
        "tampered_rejected": caught,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="Ed25519 files")
    parser.add_argument("--sm2-count", type=int, default=1_000, help="SM2/SM3 files (0: skip)")
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--tampered", type=int, default=1000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    load_before = os.getloadavg()
    runs = [measure("Ed25519", args.count, args.departments, args.tampered)]
    if args.sm2_count:
        runs.append(measure("SM2", args.sm2_count, args.departments, min(args.tampered, args.sm2_count)))
    result = {
        "what": "offline verification of signed licences and case documents (zwfw.licences.signing.verify_document)",
        "runs": runs,
        "processes": 1,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "nproc": os.cpu_count(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / "licence_verify.json"
        path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"results written to {path}")


if __name__ == "__main__":
    main()
