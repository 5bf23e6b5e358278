#!/usr/bin/env python3
"""End to end, through the binary only: an exercise of xizang at 30x served by
`hotline-sim serve`, played by two trainee clients and a trainer client (`hotline-sim
live-client`), with injects, paused, resumed, ended early, then `hotline-sim replay` of its
log reproducing its files byte for byte.

Usage: e2e_exercise.py HOTLINE_SIM WORKDIR
Bounded: every process has a timeout; the server is stopped by its PID at the end.
"""
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time

exe, work = sys.argv[1], pathlib.Path(sys.argv[2])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


server = subprocess.Popen(
    [exe, "serve", "xizang", "--speed", "30", "--listen", "127.0.0.1:0", "--out", str(work / "ex"),
     "--exit-when-ended"],
    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
try:
    lines = {}
    deadline = time.time() + 20
    while time.time() < deadline and "trainee" not in lines:
        line = server.stdout.readline()
        if not line:
            break
        if ":" in line and line.startswith("  "):
            key, _, value = line.strip().partition(": ")
            lines[key] = value
    trainer_url, trainee_url = lines["trainer"], lines["trainee"].replace("&name=NAME", "")

    def client(name, *args, timeout=60):
        return subprocess.Popen([exe, "live-client", *args, "--timeout", str(timeout)],
                                stdout=open(work / f"{name}.jsonl", "w"),
                                stderr=open(work / f"{name}.err", "w"))

    # Trainee 1 holds the region's 96110 desk and calls every alert; trainee 2 the Lhasa city
    # command and sends SMS. Both stop when the exercise ends.
    ann = client("ann", trainee_url + "&name=ann", "--send", '{"type":"take_desk","desk":"96110"}',
                 "--auto", "call", "--until", "ended")
    bob = client("bob", trainee_url + "&name=bob", "--send",
                 '{"type":"take_desk","desk":"lhasa:city_command"}', "--auto", "sms", "--until",
                 "ended")
    time.sleep(1.0)
    script = work / "trainer.script"
    script.write_text("\n".join([
        '{"type":"control","action":"start","id":"start"}',
        '{"wait":"control","match":{"id":"start"}}',
        '{"type":"inject","kind":"alert","fraud_type":"loan","unit":"lhasa-chengguan/c1",'
        '"grade":1,"amount":60000,"time_to_loss_s":1200,"id":"a1"}',
        '{"type":"inject","kind":"alert","fraud_type":"loan","unit":"shigatse-samzhubze/c1",'
        '"grade":2,"amount":9000,"time_to_loss_s":3600,"id":"a2"}',
        '{"type":"inject","kind":"surge","multiplier":5,"duration_s":1800,"id":"s1"}',
        '{"type":"inject","kind":"desk_outage","desk":"lhasa-chengguan:county_command","duration_s":900,"id":"o1"}',
        '{"sleep_s":4}',
        '{"type":"control","action":"pause","id":"pause"}',
        '{"wait":"control","match":{"id":"pause"}}',
        '{"sleep_s":1}',
        '{"type":"control","action":"speed","speed":60,"id":"speed"}',
        '{"type":"control","action":"resume","id":"resume"}',
        '{"sleep_s":4}',
        '{"type":"control","action":"end","id":"end"}',
        '{"wait":"ended"}',
    ]) + "\n")
    trainer = client("trainer", trainer_url, "--script", str(script))
    for name, p in (("trainer", trainer), ("ann", ann), ("bob", bob)):
        try:
            rc = p.wait(timeout=90)
        except subprocess.TimeoutExpired:
            p.kill()
            rc = "timeout"
        check(rc == 0, f"{name} exited {rc}: {(work / (name + '.err')).read_text()}")
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        failures.append("the server did not exit after the exercise ended")
finally:
    if server.poll() is None:
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def messages(name):
    out = []
    for line in (work / f"{name}.jsonl").read_text().splitlines():
        out.append(json.loads(line))
    return out


tr, an, bo = messages("trainer"), messages("ann"), messages("bob")
verdicts = {m.get("id"): m for m in tr if m["type"] == "verdict"}
for i in ("a1", "a2", "s1", "o1"):
    check(verdicts.get(i, {}).get("accepted") is True, f"inject {i} accepted")
check(any(m["type"] == "control" and m.get("state") == "paused" for m in tr), "paused")
check(any(m["type"] == "clock" and m.get("speed") == 60 for m in tr), "speed changed to 60")
ended = [m for m in tr if m["type"] == "ended"]
check(len(ended) == 1, "one ended message for the trainer")
# Ended early: well before the 15-day horizon.
check(ended and ended[0]["time_ms"] < 24 * 3600 * 1000, "ended early")
for name, msgs in (("ann", an), ("bob", bo)):
    decided = [m for m in msgs if m["type"] == "verdict" and m.get("accepted")]
    check(len(decided) >= 1, f"{name} decided at least one alert")
    text = (work / f"{name}.jsonl").read_text()
    for word in ("time_to_loss", "deadline", "would_pay"):
        check(word not in text, f"{name} saw the hidden attribute {word}")
check(any(m["type"] == "alert" and m["alert"]["unit"].startswith("lhasa") for m in bo),
      "bob saw a Lhasa alert")
lags = [m["lag_ms"] for m in tr if m["type"] == "clock"]
print(f"clock messages {len(lags)}, max lag {max(lags):.1f} ms" if lags else "no clock")

ex = work / "ex" / "exercise-1"
replay = subprocess.run([exe, "replay", str(ex), "--out", str(work / "replay")],
                        capture_output=True, text=True, timeout=120)
check(replay.returncode == 0, f"replay exited {replay.returncode}: {replay.stderr}")
print(replay.stdout, end="")
for f in ("alerts.csv", "trace.jsonl", "exercise-log.json", "review.json", "review.html",
          "manifest.json"):
    a, b = ex / f, work / "replay" / f
    check(a.exists() and b.exists() and a.read_bytes() == b.read_bytes(), f"{f} replayed byte for byte")
log = json.loads((ex / "exercise-log.json").read_text())
check(log["scenario"]["sha256"] and len(log["scenario"]["sha256"]) == 64, "log has the scenario hash")
check(any(e["by"] == "trainer" for e in log["entries"]), "trainer commands logged")
check(any(e["by"].startswith("trainee:") for e in log["entries"]), "trainee commands logged")
review = json.loads((ex / "review.json").read_text())
check(review["alert_stream"]["identical"], "the review's counterfactual saw the same alerts")
check(review["trainees_fingerprint"] == log["result"]["trace_fingerprint"],
      "the review's rerun of the trainees is the exercise")
check({t["name"] for t in review["trainees"]} >= {"ann", "bob"}, "the review scores both trainees")
check(review["totals"]["trainees"]["alerts"] == log["result"]["entered"],
      "the review has every alert of the exercise")

# Every message the three clients received is valid against the protocol's schema.
src = pathlib.Path(__file__).resolve().parents[2]
schema = subprocess.run([sys.executable, str(src / "tests/live/check_protocol.py"), str(src),
                         *(str(work / f"{n}.jsonl") for n in ("trainer", "ann", "bob"))],
                        capture_output=True, text=True)
check(schema.returncode == 0, f"messages valid against the schema: {schema.stderr}")

if failures:
    print(f"{len(failures)} failures", file=sys.stderr)
    sys.exit(1)
print("e2e exercise: ok")
