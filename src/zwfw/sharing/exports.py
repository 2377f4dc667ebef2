"""The catalog as CPSV-AP JSON-LD (Core Public Service Vocabulary Application Profile).

One ``cpsv:PublicService`` per item in force (实施清单), with ``dct:identifier`` (实施编码),
``dct:title`` (事项名称), ``cv:hasCompetentAuthority`` (实施机关, a ``cv:PublicOrganisation``
with its ``skos:prefLabel`` and ``dct:spatial`` region), ``cv:hasInput`` (申请材料 as
``cv:Evidence``; one supplied by a licence type or a shared dataset says so with
``zwfw:licenceType`` / ``zwfw:sharedData``) and ``cpsv:produces`` (办理结果 as ``cv:Output``,
when the item issues a licence type). Terms: CPSV-AP 3.x (``http://data.europa.eu/m8g/``,
``http://purl.org/vocab/cpsv#``); ``zwfw:`` terms are ours.
"""

from __future__ import annotations

from typing import Any

CONTEXT = {
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "zwfw": "urn:zwfw:vocab:",
    "@language": "zh",
}


def cpsv_ap(items: list[dict[str, Any]]) -> dict[str, Any]:
    graph = []
    for it in items:
        service: dict[str, Any] = {
            "@id": f"urn:zwfw:item:{it['code']}",
            "@type": "cpsv:PublicService",
            "dct:identifier": it["code"],
            "dct:title": it["name"],
            "cv:hasCompetentAuthority": {
                "@id": f"urn:zwfw:department:{it['department']}",
                "@type": "cv:PublicOrganisation",
                "skos:prefLabel": it.get("department_name", it["department"]),
                "dct:spatial": {"@id": f"urn:zwfw:region:{it.get('region', '')}"},
            },
            "cv:hasInput": [],
        }
        for m in it.get("materials", []):
            evidence: dict[str, Any] = {
                "@id": f"urn:zwfw:item:{it['code']}:material:{m['key']}",
                "@type": "cv:Evidence",
                "dct:title": m["name"],
                "zwfw:required": bool(m.get("required", True)),
            }
            if m.get("licence_type"):
                evidence["zwfw:licenceType"] = m["licence_type"]
            if m.get("shared_data"):
                evidence["zwfw:sharedData"] = m["shared_data"]
            service["cv:hasInput"].append(evidence)
        if it.get("result_licence_type"):
            service["cpsv:produces"] = {
                "@id": f"urn:zwfw:licence-type:{it['result_licence_type']}",
                "@type": "cv:Output",
                "dct:identifier": it["result_licence_type"],
            }
        graph.append(service)
    return {"@context": CONTEXT, "@graph": graph}
