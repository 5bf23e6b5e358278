#!/usr/bin/env python3
"""Writes the whole-scenario limit cases of scripts/corpus-check into DIR (too large to commit).

  generate_30_blocks.yaml   the issue's 6 KB file: 30 blocks of 100,000 units (3 M units took
                            14 s and 1.9 GB to validate); refused at the second block
  desks_at_limit.yaml       valid: 50,000 communities with a desk each (the desk instance
                            limit) and 19,000 call steps to that desk
  types_times_surges.yaml   valid: 3,000 fraud types under 4,000 surges (the peak-rate sweep)
  types_times_rules.yaml    valid: 3,000 fraud types under 4,501 rules slicing the amounts
                            (coverage and reachability)
Usage: limit-scenarios.py DIR
"""
import pathlib
import sys

HEAD = """clock: {start: "2021-09-06T00:00", horizon: 1d}
levels: [region, county, community]
community_defaults:
  officers: {count: 1, travel_time: 30min, visit_duration: 20min}
"""
DESK = """  - id: hot
    unit: r
    handling: {call_answered: 4min, call_unanswered: 40s, push: 2min}
    roster: [{name: all, start: "00:00", end: "00:00", headcount: 1}]
"""
TYPE = "rate_per_day: 1, grades: {1: 1}, amount: 1000, time_to_loss: {1: 1h, 2: 1h, 3: 1h}"
ONE_LEAF = "organisation: {id: r, children: [{id: k, generate: {count: 1}}]}\n"
CALL_HOT = "dispatch:\n  rules: [{name: all, plan: [{id: c, step: call, desk: hot}]}]\n"


def tree(blocks, count):
    return "organisation:\n  id: r\n  children:\n" + "".join(
        f"    - {{id: k{i}, generate: {{count: {count}}}}}\n" for i in range(blocks))


def types(n):
    return "fraud_types:\n" + "".join(f"  - {{id: t{i}, {TYPE}}}\n" for i in range(n))


def main():
    out = pathlib.Path(sys.argv[1])
    (out / "generate_30_blocks.yaml").write_text(
        HEAD + tree(30, 100000) + "desks:\n" + DESK + types(1) + CALL_HOT)
    local = """  - id: local
    each: community
    receives_pushes: false
    handling: {call_answered: 4min, call_unanswered: 40s, push: 2min}
    roster: [{name: all, start: "00:00", end: "00:00", headcount: 1}]
"""
    calls = "".join(f"        - {{id: c{i}, step: call, desk: local}}\n" for i in range(19000))
    (out / "desks_at_limit.yaml").write_text(
        HEAD + tree(10, 4998) + "desks:\n" + DESK + local + types(1) +
        "dispatch:\n  rules:\n    - name: all\n      plan:\n" + calls)
    surges = "surges:\n" + "".join(
        f'  - {{name: s{i}, start: "2021-09-06T{i % 24:02}:00", end: "2021-09-06T{i % 24:02}:30", '
        f'multiplier: 1.001{f", types: [t{i % 3000}]" if i % 2 else ""}}}\n' for i in range(4000))
    (out / "types_times_surges.yaml").write_text(
        HEAD + ONE_LEAF + "desks:\n" + DESK + types(3000) + surges + CALL_HOT)
    rules = "dispatch:\n  rules:\n" + "".join(
        f"    - {{name: r{i}, match: {{amount_min: {i}, amount_max: {i + 1}}}, "
        f"plan: [{{id: c, step: sms}}]}}\n" for i in range(4500))
    rules += "    - {name: rest, match: {amount_min: 4500}, plan: [{id: c, step: sms}]}\n"
    (out / "types_times_rules.yaml").write_text(
        HEAD + ONE_LEAF + "desks:\n" + DESK + types(3000) + rules)


if __name__ == "__main__":
    main()
