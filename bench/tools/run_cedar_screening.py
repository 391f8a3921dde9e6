"""Screen a JSON Lines request population with cedarpy (run inside bench/.venv-cedar).

Usage: run_cedar_screening.py POLICY.cedar ENTITIES.json REQUESTS.jsonl [--chunk N]
Prints JSON: timings (end-to-end and authorisation-only), decisions per second, and the outcome of every
request (so the driver can check Cedar and Safeguard agree). Policy set and entities are parsed once,
outside the timings; every request is converted from JSON to Cedar's request shape inside the end-to-end
timing, because that conversion is part of what a Python caller pays.
"""
import importlib.metadata
import json
import sys
import time
from datetime import date

import cedarpy

# Same order as bench/cedar/recommended-safeguards.cedar.
POLICY_KINDS = ["refuse"] * 4 + ["review"] * 5 + ["condition"] * 5 + ["permit"]


def days(a, b):
    return (date.fromisoformat(b) - date.fromisoformat(a)).days + 1


def to_cedar(line):
    r = json.loads(line)
    scope = r.get("scope") or {}
    auth = r.get("authorisation")
    attributes = sorted({a for t in r["targets"] for a in t.get("attributes", [])})
    issuer = auth.get("issuer") if auth else None
    judicial = bool(auth) and auth.get("judicial", issuer == "court")
    return {
        "principal": 'State::"%s"' % r["requesting"]["state"],
        "action": 'Action::"screen"',
        "resource": 'State::"%s"' % r["requested"]["state"],
        "context": {
            "measure": r["measure"],
            "conduct": r["offence"]["conduct"],
            "target_attributes": attributes,
            "legal_basis": (r.get("legal-basis") or {}).get("kind", ""),
            "has_necessity": bool(r.get("necessity")),
            "date_range_days": days(scope["from"], scope["to"]) if "from" in scope else -1,
            "accounts": scope.get("accounts", -1),
            "data_categories": scope.get("data-categories", []),
            "auth_judicial": bool(judicial),
            "auth_prior": bool(auth) and auth.get("timing") == "prior",
        },
    }


def outcome(result):
    allowed = str(result.decision).lower().endswith("allow")
    kinds = set()
    for reason in result.diagnostics.reasons:
        index = int(reason.replace("policy", ""))
        kinds.add(POLICY_KINDS[index])
    if allowed:
        return "execute-with-conditions" if "condition" in kinds else "execute"
    return "refuse" if "refuse" in kinds else "needs-review"


def main():
    policy_path, entities_path, requests_path = sys.argv[1:4]
    chunk = int(sys.argv[sys.argv.index("--chunk") + 1]) if "--chunk" in sys.argv else 10000
    # Parsed once into reusable handles: the fastest way cedarpy offers.
    policies = cedarpy.PolicySet.from_str(open(policy_path).read())
    entities = cedarpy.Entities.from_json_str(open(entities_path).read())
    lines = [l for l in open(requests_path) if l.strip()]

    cpu_start = time.process_time()
    start = time.perf_counter()
    requests = [to_cedar(l) for l in lines]
    converted = time.perf_counter()
    outcomes = []
    for i in range(0, len(requests), chunk):
        for result in cedarpy.is_authorized_batch(requests[i:i + chunk], policies, entities):
            outcomes.append(outcome(result))
    end = time.perf_counter()
    cpu_end = time.process_time()

    # Authorisation alone, requests already converted (best case for cedarpy).
    auth_cpu_start = time.process_time()
    auth_start = time.perf_counter()
    for i in range(0, len(requests), chunk):
        cedarpy.is_authorized_batch(requests[i:i + chunk], policies, entities)
    auth_end = time.perf_counter()
    auth_cpu_end = time.process_time()

    n = len(requests)
    json.dump({
        "tool": "cedarpy",
        "version": importlib.metadata.version("cedarpy"),
        "requests": n,
        "end_to_end_seconds": end - start,
        "conversion_seconds": converted - start,
        "authorisation_only_seconds": auth_end - auth_start,
        "end_to_end_per_second": n / (end - start),
        "authorisation_only_per_second": n / (auth_end - auth_start),
        # CPU time: robust when other processes share the machine (cedarpy runs on one core).
        "end_to_end_cpu_seconds": cpu_end - cpu_start,
        "end_to_end_per_cpu_second": n / (cpu_end - cpu_start),
        "authorisation_only_per_cpu_second": n / (auth_cpu_end - auth_cpu_start),
        "outcomes": outcomes,
    }, sys.stdout)


if __name__ == "__main__":
    main()
