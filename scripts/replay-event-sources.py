#!/usr/bin/env python3
"""Writes generator/GovCfct.Core/Replay/Data/cloudtrail-event-sources.json: CloudTrail eventSource -> IAM service prefix.

Source: botocore's service models (https://github.com/boto/botocore, Apache License 2.0), the installed botocore
package. A record's eventSource is the service's endpoint prefix followed by '.amazonaws.com'; its IAM prefix is the
first of (signing name, endpoint prefix, botocore service name) that the IAM action list knows
(generator/GovCfct.Core/Policies/Data/iam-actions.json). Endpoint prefixes shared by several models keep the first
model in name order that resolves. Usage: python3 scripts/replay-event-sources.py [--check]
"""
import gzip
import json
import os
import sys

import botocore

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IAM = os.path.join(ROOT, "generator", "GovCfct.Core", "Policies", "Data", "iam-actions.json")
OUT = os.path.join(ROOT, "generator", "GovCfct.Core", "Replay", "Data", "cloudtrail-event-sources.json")


def models():
    data = os.path.join(os.path.dirname(botocore.__file__), "data")
    for service in sorted(os.listdir(data)):
        folder = os.path.join(data, service)
        if not os.path.isdir(folder):
            continue
        versions = sorted(v for v in os.listdir(folder) if os.path.isdir(os.path.join(folder, v)))
        for name in ("service-2.json.gz", "service-2.json"):
            path = os.path.join(folder, versions[-1], name) if versions else ""
            if path and os.path.exists(path):
                opener = gzip.open if name.endswith(".gz") else open
                with opener(path, "rt", encoding="utf-8") as f:
                    yield service, json.load(f)["metadata"]
                break


def build():
    with open(IAM, encoding="utf-8") as f:
        iam = json.load(f)
    sources = {}
    for service, metadata in models():
        endpoint = metadata.get("endpointPrefix")
        if not endpoint:
            continue
        signing = metadata.get("signingName", endpoint)
        prefix = next((c for c in (signing, endpoint, service) if c in iam), None)
        source = endpoint + ".amazonaws.com"
        if prefix is not None and source not in sources:
            sources[source] = prefix
    return {
        "source": "botocore " + botocore.__version__ + " service models (Apache-2.0)",
        "eventSources": dict(sorted(sources.items())),
    }


def main():
    text = json.dumps(build(), indent=1, sort_keys=False) + "\n"
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            sys.exit(0 if f.read() == text else 1)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


if __name__ == "__main__":
    main()
