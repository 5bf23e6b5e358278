#!/usr/bin/env python3
"""`run --alerts-columns compact` end to end (issue 18, target 5), on three days of Xizang:
  - the compact alerts.csv has the documented header, and every row, joined to units.csv,
    gives back its alert's row of the full alerts.csv of the same run (every column; the
    first contact to the second, which the compact file holds as a delay in milliseconds);
  - `--alerts-csv zstd` writes alerts.csv.zst, which decompresses to exactly the plain
    compact file, and the same bytes for any --threads;
  - the manifest lists alerts.csv(.zst) and units.csv with their sizes and SHA-256.

Usage: alerts_compact.py EXE WORKDIR   (needs the zstd command: scripts/deps.sh installs it)
"""
import csv
import datetime
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys

HEADER = ("id,fraud_type,grade,unit,arrival_s,dial_s,contact_ms,closed_s,channel,outcome,"
          "would_pay,language,lost_where,amount,warmup")
SCENARIO = ["xizang", "--set", "clock.horizon=3d", "--set", "clock.warmup=1d"]


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def run(exe, work, out, *args):
    p = subprocess.run([exe, "run", *SCENARIO, "--quiet", "--out", out, *args], cwd=work,
                       capture_output=True, text=True)
    if p.returncode != 0:
        fail(f"run {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return os.path.join(work, out)


def read_csv(data):
    text = data.decode("utf-8")
    if not text.startswith("\ufeff"):
        fail("a CSV file without its byte-order mark")
    return list(csv.DictReader(io.StringIO(text[1:])))


def main():
    exe, work = sys.argv[1], sys.argv[2]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    full_dir = run(exe, work, "full")
    compact_dir = run(exe, work, "compact", "--alerts-columns", "compact")
    zstd_dirs = [run(exe, work, f"zstd{t}", "--alerts-csv", "zstd", "--alerts-columns", "compact",
                     "--reps", "2", "--threads", str(t)) for t in (1, 2)]

    compact_bytes = open(os.path.join(compact_dir, "alerts.csv"), "rb").read()
    if not compact_bytes.decode("utf-8").startswith("\ufeff" + HEADER + "\n"):
        fail(f"compact header: {compact_bytes[:200]!r}")
    full = {r["id"]: r for r in read_csv(open(os.path.join(full_dir, "alerts.csv"), "rb").read())}
    compact = read_csv(compact_bytes)
    units = {r["unit"]: r for r in read_csv(open(os.path.join(compact_dir, "units.csv"), "rb").read())}
    if len(compact) != len(full) or len(compact) < 1000:
        fail(f"{len(compact)} compact rows, {len(full)} full rows")

    start = datetime.datetime(2021, 9, 1)  # xizang's clock.start
    summary = json.load(open(os.path.join(compact_dir, "summary.json")))
    if summary["manifest"]["options"].get("alerts_columns") != "compact":
        fail("summary.json's options do not say alerts_columns: compact")

    def civil(seconds):
        return (start + datetime.timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S")

    levels = [k for k in next(iter(full.values())) if k + "_name" in next(iter(full.values()))
              and k != "fraud_type"]
    checked = {"warmup": set(), "outcome": set()}
    for c in compact:
        f = full.get(c["id"])
        if f is None:
            fail(f"compact id {c['id']} is not in the full file")
        for k in ("fraud_type", "grade", "channel", "outcome", "would_pay", "language",
                  "lost_where", "amount", "warmup"):
            if c[k] != f[k]:
                fail(f"alert {c['id']}: {k} {c[k]!r} vs full {f[k]!r}")
        u = units[c["unit"]]
        for level in levels:
            for k in (level, level + "_name"):
                if u[k] != f[k]:
                    fail(f"alert {c['id']}: units.csv {k} {u[k]!r} vs full {f[k]!r}")
        a = int(c["arrival_s"])
        if civil(a) != f["arrival"]:
            fail(f"alert {c['id']}: arrival_s {a} vs {f['arrival']}")
        for off, col in (("dial_s", "first_dial"), ("closed_s", "closed")):
            got = civil(a + int(c[off])) if c[off] else ""
            if got != f[col]:
                fail(f"alert {c['id']}: {off} gives {got!r}, full {col} {f[col]!r}")
        if c["contact_ms"]:
            ms = int(c["contact_ms"])
            if f"{ms // 1000}.{ms % 1000:03d}" != f["seconds_to_contact"]:
                fail(f"alert {c['id']}: contact_ms {ms} vs {f['seconds_to_contact']}")
            contact = datetime.datetime.strptime(f["first_contact"], "%Y-%m-%d %H:%M:%S")
            if not 0 <= (contact - start).total_seconds() - (a + ms // 1000) <= 1:
                fail(f"alert {c['id']}: first_contact {f['first_contact']} vs contact_ms {ms}")
        elif f["first_contact"] or f["seconds_to_contact"]:
            fail(f"alert {c['id']}: no contact_ms, but the full file has a contact")
        if f["loss"] != (c["amount"] if c["outcome"] == "lost" else "0.00"):
            fail(f"alert {c['id']}: loss {f['loss']} is not derived from outcome and amount")
        checked["warmup"].add(c["warmup"])
        checked["outcome"].add(c["outcome"])
    if checked["warmup"] != {"0", "1"} or not {"dissuaded", "lost"} <= checked["outcome"]:
        fail(f"too little variety to test: {checked}")

    packed = [open(os.path.join(d, "alerts.csv.zst"), "rb").read() for d in zstd_dirs]
    if packed[0] != packed[1]:
        fail("alerts.csv.zst differs between --threads 1 and --threads 2")
    unpacked = subprocess.run(["zstd", "-q", "-d", "-c"], input=packed[0], capture_output=True,
                              check=True).stdout
    if unpacked != compact_bytes:
        fail("alerts.csv.zst does not decompress to the plain compact alerts.csv")
    if len(packed[0]) * 2 > len(compact_bytes):
        fail(f"alerts.csv.zst is {len(packed[0])} bytes for {len(compact_bytes)}")

    for d, name in ((compact_dir, "alerts.csv"), (compact_dir, "units.csv"),
                    (zstd_dirs[0], "alerts.csv.zst"), (zstd_dirs[0], "units.csv")):
        listed = {f["name"]: f for f in json.load(open(os.path.join(d, "manifest.json")))["files"]}
        data = open(os.path.join(d, name), "rb").read()
        if name not in listed or listed[name]["bytes"] != len(data) or \
                listed[name]["sha256"] != hashlib.sha256(data).hexdigest():
            fail(f"{d}/manifest.json does not list {name} as it is: {listed.get(name)}")
    if os.path.exists(os.path.join(zstd_dirs[0], "alerts.csv")):
        fail("--alerts-csv zstd left an alerts.csv beside alerts.csv.zst")
    if os.path.exists(os.path.join(full_dir, "units.csv")):
        fail("the full columns wrote a units.csv")
    shutil.rmtree(work)
    print(f"ok: {len(compact)} alerts, {len(compact_bytes)} bytes compact, {len(packed[0])} zstd")


if __name__ == "__main__":
    main()
