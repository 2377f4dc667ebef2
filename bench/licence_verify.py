"""电子印章: verify 100,000 signed licences offline, per core per second.

Builds ``--count`` signed licence documents (the shape of
:func:`zwfw.licences.signing.signed_document`: number, type, holder, issuer, dates, 照面信息)
signed by ``--departments`` department keys, half of them under a key since rotated, then verifies
every one with :func:`zwfw.licences.signing.verify_document` against the public key list, in one
process (one core): JSON parsing, key lookup, issuer check, canonical JSON and the Ed25519 check.
Checks that every document verifies and that one changed byte in each of ``--tampered`` documents
fails. Prints the rate and writes ``bench/results/licence_verify.json`` with the load average
(the machine is shared: figures move with it).

    .venv/bin/python bench/licence_verify.py                  # 100,000 documents
    .venv/bin/python bench/licence_verify.py --count 5000     # quick check
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
from zwfw.licences.signing import FORMAT, KeyInfo, verify_document

RESULTS = Path(__file__).resolve().parent / "results"


def build(count: int, departments: int) -> tuple[list[bytes], dict[str, KeyInfo]]:
    keys: dict[str, KeyInfo] = {}
    privates = []
    for d in range(departments):
        for gen in ("old", "new"):  # a rotated key and its successor: both stay listed
            private, public = signing.new_private_key()
            kid = f"5101{d:02d}-scjg-{gen}"
            keys[kid] = KeyInfo(kid=kid, department=f"5101{d:02d}-scjg", public_key=signing.b64u(public))
            privates.append((kid, f"5101{d:02d}-scjg", private))
    docs = []
    for i in range(count):
        kid, dept, private = privates[i % len(privates)]
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
        sig = signing.b64u(signing.sign(private, signing.canonical_json(payload)))
        doc = {"format": FORMAT, "payload": payload, "signature": {"alg": "Ed25519", "kid": kid, "value": sig}}
        docs.append(json.dumps(doc, ensure_ascii=False).encode())
    return docs, keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--tampered", type=int, default=1000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    load_before = os.getloadavg()
    t0 = time.perf_counter()
    docs, keys = build(args.count, args.departments)
    sign_s = time.perf_counter() - t0
    print(f"signed {len(docs):,} documents in {sign_s:.2f} s ({len(docs) / sign_s:,.0f}/s)")

    t0 = time.perf_counter()
    cpu0 = time.process_time()
    ok = sum(1 for raw in docs if verify_document(raw, keys).signature_ok)
    verify_s = time.perf_counter() - t0
    cpu_s = time.process_time() - cpu0
    assert ok == len(docs), f"only {ok} of {len(docs)} verified"
    rate = len(docs) / verify_s
    print(
        f"verified {ok:,} in {verify_s:.2f} s wall, {cpu_s:.2f} s CPU: {rate:,.0f}/s per core (wall), "
        f"{len(docs) / cpu_s:,.0f}/s per core (CPU)"
    )

    caught = 0
    for raw in docs[: args.tampered]:
        i = raw.index("武侯".encode())
        tampered = raw[:i] + "锦江".encode() + raw[i + len("武侯".encode()) :]
        caught += verify_document(tampered, keys).outcome == "bad_signature"
    assert caught == min(args.tampered, len(docs))
    print(f"tampered: {caught} of {min(args.tampered, len(docs))} rejected")

    result = {
        "what": "offline verification of signed licence documents (zwfw.licences.signing.verify_document)",
        "documents": len(docs),
        "keys": len(keys),
        "sign_seconds": round(sign_s, 2),
        "verify_seconds_wall": round(verify_s, 3),
        "verify_seconds_cpu": round(cpu_s, 3),
        "verified_per_core_per_second_wall": round(rate),
        "verified_per_core_per_second_cpu": round(len(docs) / cpu_s),
        "tampered_rejected": caught,
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
