#!/usr/bin/env python3
"""Splits national.yaml into K sub-nations by region: the bound on issue 18 target 3.

Usage: bench/split_national.py scenarios/national.yaml K OUT_DIR
Writes OUT_DIR/partIofK.yaml, I = 0..K-1, each a valid scenario with:
  - a share of the 31 regions (heaviest first into the lightest part, so the parts carry
    about equal weight; regions keep their order inside a part);
  - every fraud type's rate_per_day times the part's share of the region weights (the
    national scenario has no `where`, so alerts are placed by region weight: the parts' Poisson
    streams add up to the nation's, the thinning of one Poisson stream);
  - robot.lines divided by K (the one pool the regions share: the only thing that joins them;
    `hotline-sim validate --parts scenarios/national.yaml`).
Running the parts as separate processes, one after another or side by side, measures what a
split replication would cost before any merge (docs/performance.md, "Issue 18: where each target
stands"). It is a measurement aid, not a model: the split run's robot pool differs from the
nation's one pool, and its random streams are other draws.
"""
import os
import sys

import yaml


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, k, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(src, encoding="utf-8") as f:
        text = f.read()
    regions = yaml.safe_load(text)["organisation"]["children"]
    weight = [r.get("weight", 1.0) for r in regions]
    total = sum(weight)
    load = [0.0] * k
    member = {}
    for i in sorted(range(len(regions)), key=lambda i: -weight[i]):
        part = min(range(k), key=lambda j: load[j])
        member[i] = part
        load[part] += weight[i]
    os.makedirs(out, exist_ok=True)
    for part in range(k):
        doc = yaml.safe_load(text)
        doc["organisation"]["children"] = [r for i, r in enumerate(regions) if member[i] == part]
        share = load[part] / total
        doc["scenario"]["name"] = f"national_part{part}of{k}"
        for fraud_type in doc["fraud_types"]:
            fraud_type["rate_per_day"] *= share
        doc["robot"]["lines"] = max(1, doc["robot"]["lines"] // k)
        path = os.path.join(out, f"part{part}of{k}.yaml")
        with open(path, "w", encoding="utf-8") as f:
            yaml.safe_dump(doc, f, sort_keys=False, allow_unicode=True)
        count = len(doc["organisation"]["children"])
        print(f"{path}: {count} regions, share {share:.4f}")


if __name__ == "__main__":
    main()
