#!/usr/bin/env python3
"""The JSON Schema of `hotline-sim schema` agrees with the loader (docs/scenario-format.md).

Usage: check_schema.py HOTLINE_SIM SOURCE_DIR

With a real validator (python3-jsonschema, draft 2020-12), reading YAML as an editor's
yaml-language-server does (YAML 1.2 core schema; map keys become JSON property names):
  1. the schema is a valid draft 2020-12 schema;
  2. every scenario file the loader accepts (scenarios/, bench/scenarios/, tests/, fuzz/)
     passes it; the bundled and bench scenarios must be among them;
  3. every file of the invalid corpus whose error is structural (unknown or missing keys,
     wrong types, values out of a declared range, words outside a fixed set, durations
     without a unit, exactly-one-of keys) fails it.
Exits 1 with every disagreement listed.
"""
import json
import math
import pathlib
import re
import subprocess
import sys

import yaml
from jsonschema import Draft202012Validator


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML with the YAML 1.2 core schema's implicit types instead of YAML 1.1's: no
    sexagesimal numbers, octal 010, yes/no/on/off booleans or timestamps."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
     list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+.0123456789")),
]:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), first)


def _int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _float(loader, node):
    text = loader.construct_scalar(node).lower()
    if text.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    return float("nan") if text == ".nan" else float(text)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _float)


def as_json(value):
    """JSON's data model: property names are strings (`1: 0.2` in grades is "1")."""
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, bool) else str(k).lower(): as_json(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no NaN or infinity: never a valid number
    return value


def load(path):
    return as_json(yaml.load(path.read_text(encoding="utf-8-sig"), Loader=Yaml12Loader))


# First error lines the schema must also reject (the text after "error: ").
STRUCTURAL = [
    r"^unknown key '(?!<<')",
    r"^missing required key '",
    r"^missing value for '",
    r"^expected (a map|a list|a string|a number|an integer|true or false|a duration|"
    r"a time of day|a date-time|all, weekdays, weekend or a list of days) for ",
    r"^expected a duration or a distribution map",
    r"^'[^']+' is a probability and must be in \[0, 1\]",
    r"^'[^']+' must be (in [\[(]|[<>]=? )",
    r"^unknown (step kind|distribution|day) '",
    r"^'days' is empty",
    r"^day '[^']+' is listed twice",
    r"^duration '[^']*' for '[^']+' (has no unit|has unknown unit|: unit 'm' is ambiguous)",
    r"^desk '[^']+' needs exactly one of 'unit: ID' or 'each: LEVEL'",
    r"^inject has (no kind|both)",
    r"^each empirical point is \[value, cumulative\]",
]
# Range messages about durations come from the loader's own checks, not the key table: the
# schema types durations by pattern and cannot compare them.
NOT_FROM_TABLE = [r"^'(horizon|for|time_to_loss|first_decision_within [123]|escalate_within)' must be > 0"]


def structural(message):
    return (any(re.search(p, message) for p in STRUCTURAL) and
            not any(re.search(p, message) for p in NOT_FROM_TABLE))


def main():
    exe, root = sys.argv[1], pathlib.Path(sys.argv[2])
    schema = json.loads(subprocess.run([exe, "schema"], check=True, capture_output=True,
                                       text=True).stdout)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    problems = []

    def errors_of(path):
        try:
            doc = load(path)
        except yaml.YAMLError as e:
            return None, f"not YAML to PyYAML: {str(e).splitlines()[0]}"
        return sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)), None

    def describe(err):
        where = "/".join(str(p) for p in err.absolute_path) or "(root)"
        return f"{where}: {err.message[:200]}"

    # 2. Everything the loader accepts.
    invalid_dir = root / "tests/scenarios/invalid"
    candidates = sorted(
        p for d in ["scenarios", "bench/scenarios", "tests", "fuzz/seeds", "fuzz/corpus"]
        for p in (root / d).rglob("*.yaml") if p.parent != invalid_dir)
    out = subprocess.run([exe, "validate", *map(str, candidates)], capture_output=True,
                         text=True, cwd=root)
    accepted = {line[4:].split(" (")[0] for line in out.stdout.splitlines()
                if line.startswith("ok: ")}
    must = sorted((root / "scenarios").glob("*.yaml")) + sorted(
        (root / "bench/scenarios").glob("*.yaml"))
    for p in must:
        if str(p) not in accepted:
            problems.append(f"{p.relative_to(root)}: the loader rejects a bundled/bench scenario")
    passed = 0
    for p in candidates:
        if str(p) not in accepted:
            continue
        errs, unreadable = errors_of(p)
        if unreadable:
            problems.append(f"{p.relative_to(root)}: loads, but {unreadable}")
        elif errs:
            problems.append(f"{p.relative_to(root)}: loads, but the schema rejects it: "
                            + describe(errs[0]))
        else:
            passed += 1

    # 3. Structurally wrong files of the invalid corpus.
    rejected = 0
    for p in sorted(invalid_dir.glob("*.yaml")):
        first = p.with_suffix(".expected").read_text(encoding="utf-8").splitlines()[0]
        message = first.split(": error: ", 1)[-1]
        if not structural(message):
            continue
        errs, unreadable = errors_of(p)
        if unreadable:
            problems.append(f"invalid/{p.name}: structural error '{message[:80]}', but "
                            f"{unreadable}")
        elif not errs:
            problems.append(f"invalid/{p.name}: the schema accepts it, the loader says "
                            f"'{message[:160]}'")
        else:
            rejected += 1

    print(f"schema check: {passed} scenarios the loader accepts pass the schema "
          f"({len(must)} bundled/bench among them); {rejected} structurally invalid corpus "
          f"files fail it; {len(problems)} disagreement(s)")
    for line in problems:
        print("  " + line)
    # The checks must keep biting: a pattern list that stopped matching would pass vacuously.
    if passed < len(must) + 5 or rejected < 120:
        print(f"too few files checked (accepted {passed}, rejected {rejected})")
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
