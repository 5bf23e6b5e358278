#!/usr/bin/env python3
"""The live protocol's JSON Schema (docs/live-protocol.schema.json) is a valid draft 2020-12
schema, and every example message in docs/live-protocol.md (each line of a ```json block)
and every line of the JSONL files given (messages a client received) is valid against it.

Usage: check_protocol.py SOURCE_DIR [MESSAGES.jsonl ...]     Exits 1 listing what failed.
"""
import json
import pathlib
import re
import sys

from jsonschema import Draft202012Validator

src = pathlib.Path(sys.argv[1])
schema = json.loads((src / "docs/live-protocol.schema.json").read_text())
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
failures = []


def check(message, where):
    errors = list(validator.iter_errors(message))
    if errors:
        failures.append(f"{where}: {errors[0].message[:300]}")


doc = (src / "docs/live-protocol.md").read_text()
examples = 0
for block in re.findall(r"```json\n(.*?)```", doc, re.S):
    for line in block.splitlines():
        if line.strip():
            examples += 1
            check(json.loads(line), f"docs/live-protocol.md example {line[:60]}")
types = {m["properties"]["type"]["const"] for m in schema["$defs"].values()
         if "type" in m.get("properties", {})}
for t in sorted(types):
    if f'"type":"{t}"' not in doc:
        failures.append(f"docs/live-protocol.md has no example of a {t} message")
received = 0
for path in sys.argv[2:]:
    for n, line in enumerate(pathlib.Path(path).read_text().splitlines(), 1):
        received += 1
        check(json.loads(line), f"{path}:{n}")
for f in failures:
    print("FAIL:", f, file=sys.stderr)
print(f"{examples} examples, {received} received messages checked against the schema")
sys.exit(1 if failures else 0)
