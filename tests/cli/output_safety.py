#!/usr/bin/env python3
"""End-to-end checks of what `hotline-sim` promises about its outputs (issue 17): your file is
your file, output folders that never mix runs, clean interrupts, write errors that are not
ignored, CSV files that spreadsheets and tools both read, rounded numbers for people, progress
with the time left.

Usage: output_safety.py EXE WORKDIR CASE   (one ctest test per CASE; see CASES at the end)

Each case runs the real binary in a fresh WORKDIR. Signals go to a real process running a
long scenario; the script waits for the run's progress line before sending one, so the
signal arrives mid-run whatever the machine's speed.
"""
import csv
import datetime
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

EXE = WORK = None
KNOWN = ["summary.json", "alerts.csv", "desks.csv", "replications.csv", "intervals.csv",
         "trace.jsonl", "comparison.csv", "comparison.json", "sweep.csv", "sweep.json",
         "manifest.json"]
BOM = b"\xef\xbb\xbf"
# A year of Xizang in ten: about 2 s on the release build, far longer under sanitizers.
LONG_SINGLE = ["xizang", "--set", "clock.horizon=3650d"]
# One thread: "replication N of 40" on the progress line then means replications 0..N-1 are
# done, so the interrupt test knows some will be kept.
LONG_REPS = ["xizang", "--set", "clock.horizon=365d", "--reps", "40", "--threads", "1"]


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(*args, code=0, cwd=None, stdout=None, preexec=None):
    """Runs the binary to completion; checks the exit code; returns (stdout, stderr)."""
    p = subprocess.run([EXE, *args], cwd=cwd or WORK, stdout=stdout or subprocess.PIPE,
                       stderr=subprocess.PIPE, preexec_fn=preexec)
    out = p.stdout.decode("utf-8", "replace") if p.stdout is not None else ""
    err = p.stderr.decode("utf-8", "replace")
    check(p.returncode == code,
          f"{' '.join(args)}: exit {p.returncode}, expected {code}\n--- stdout\n{out}\n"
          f"--- stderr\n{err}")
    return out, err


def start(*args):
    """Starts the binary with stderr to a file; returns (process, stderr path)."""
    err_path = os.path.join(WORK, f"stderr-{time.monotonic_ns()}.txt")
    err = open(err_path, "wb")
    p = subprocess.Popen([EXE, *args], cwd=WORK, stdout=subprocess.DEVNULL, stderr=err)
    err.close()
    return p, err_path


def wait_for_text(path, pattern, process, timeout=120):
    """Waits until the file at `path` matches `pattern` (the run's progress line)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        if re.search(pattern, text):
            return text
        check(process.poll() is None, f"the run ended before printing /{pattern}/:\n{text}")
        time.sleep(0.05)
    raise Failure(f"no /{pattern}/ within {timeout} s")


def finish(process, err_path, timeout=120):
    code = process.wait(timeout=timeout)
    with open(err_path, encoding="utf-8", errors="replace") as f:
        return code, f.read()


def files_in(folder):
    return sorted(os.listdir(folder))


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def check_folder(folder, complete=True):
    """The folder holds exactly the run its manifest.json lists: every listed file with its
    size and hash, no other result file, no temp file."""
    manifest = json.load(open(os.path.join(folder, "manifest.json")))
    check(manifest["complete"] is complete, f"manifest complete={manifest['complete']}")
    listed = [f["name"] for f in manifest["files"]]
    for f in manifest["files"]:
        path = os.path.join(folder, f["name"])
        check(os.path.getsize(path) == f["bytes"], f"{f['name']}: size differs from manifest")
        check(sha256(path) == f["sha256"], f"{f['name']}: hash differs from manifest")
    for name in files_in(folder):
        check(".tmp-" not in name, f"temp file left behind: {name}")
        if name in KNOWN and name != "manifest.json":
            check(name in listed, f"{name} is in the folder but not in its manifest (stale)")
    return manifest


def snapshot(folder):
    return {n: sha256(os.path.join(folder, n)) for n in files_in(folder)
            if os.path.isfile(os.path.join(folder, n)) and not n.startswith(".")}


def bundled_tiny_text():
    out, _ = run("list-scenarios")
    check("tiny.yaml" in out, "tiny.yaml is not bundled")
    return open(os.path.join(SOURCE, "scenarios", "tiny.yaml"), encoding="utf-8").read()


# --- your file is your file -------------------------------------------------------------

def own_file_beats_bundled_namesake():
    text = bundled_tiny_text().replace("name: tiny", "name: my-tiny", 1)
    open(os.path.join(WORK, "tiny.yaml"), "w", encoding="utf-8").write(text)
    out, err = run("run", "tiny.yaml", "--out", "o")
    check("scenario my-tiny from file tiny.yaml" in out, f"header does not name the file:\n{out}")
    check(json.load(open(os.path.join(WORK, "o", "summary.json")))["manifest"]["scenario"] ==
          "tiny.yaml", "manifest does not name the user's file")
    out, _ = run("validate", "tiny.yaml")
    check(out.startswith("ok: tiny.yaml ("), out)
    # An error in the user's file is reported at the user's line, under the user's name.
    lines = text.count("\n")
    open(os.path.join(WORK, "tiny.yaml"), "a", encoding="utf-8").write("no_such_key: 1\n")
    _, err = run("validate", "tiny.yaml", code=2)
    check(err.startswith(f"tiny.yaml:{lines + 1}:1: error:") and "no_such_key" in err, err)
    # bundled:NAME is the compiled-in one, whatever files exist; a bare name with a file
    # beside it gets the bundled one, with a warning naming the file.
    out, _ = run("run", "bundled:tiny", "--out", "b")
    check("scenario tiny from the bundled tiny.yaml (compiled in)" in out, out)
    _, err = run("run", "tiny", "--out", "c", "--quiet")
    check("'tiny' is the bundled tiny.yaml; to run the file here, write tiny.yaml" in err, err)


def empty_scenario_argument_is_an_error():
    for cmd in (["run", ""], ["validate", ""], ["compare", "", "--vs-set", "robot.lines=8"]):
        _, err = run(*cmd, "--out", "o", code=2) if cmd[0] != "validate" else run(*cmd, code=2)
        check("the scenario argument is empty" in err, err)
    check(not os.path.exists(os.path.join(WORK, "o")), "an invalid run created its --out")


# --- output folders never mix runs ------------------------------------------------------

def manifest_lists_the_run_files():
    run("run", "tiny", "--trace", "--out", "o", "--quiet")
    m = check_folder(os.path.join(WORK, "o"))
    check(m["command"] == "run" and m["program"] == "hotline-sim", str(m))
    check(sorted(f["name"] for f in m["files"]) ==
          ["alerts.csv", "desks.csv", "intervals.csv", "report.html", "summary.json",
           "trace.jsonl"],
          str(m["files"]))


def later_run_removes_stale_files():
    o = os.path.join(WORK, "o")
    run("run", "tiny", "--reps", "3", "--trace", "--out", "o", "--quiet")
    check({"replications.csv", "trace.jsonl", "alerts.csv"} <= set(files_in(o)), files_in(o))
    # A single run without --trace and with --alerts-csv off: none of the three may stay.
    _, err = run("run", "tiny", "--alerts-csv", "off", "--out", "o")
    for name in ("replications.csv", "trace.jsonl", "alerts.csv"):
        check(name not in files_in(o), f"stale {name} left beside the new summary")
        check(f"removed o/{name} (left by an earlier run" in err, err)
    check_folder(o)
    # Files that are not hotline-sim's are never touched.
    open(os.path.join(o, "notes.txt"), "w").write("mine")
    run("run", "tiny", "--out", "o", "--quiet")
    check(open(os.path.join(o, "notes.txt")).read() == "mine", "a user's file was touched")


def failed_run_leaves_the_earlier_run_untouched():
    o = os.path.join(WORK, "o")
    run("run", "tiny", "--out", "o", "--quiet")
    before = snapshot(o)

    def limit_file_size():  # a full disk, as far as the writes can tell: EFBIG past 64 KB
        import resource
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    _, err = run("run", "xizang", "--out", "o", "--quiet", code=3, preexec=limit_file_size)
    check(re.search(r"hotline-sim: error: cannot write o/\w+\.\w+: File too large", err), err)
    check(snapshot(o) == before, "a failed run changed the earlier run's files")
    check(not [n for n in files_in(o) if ".tmp-" in n], f"temp files left: {files_in(o)}")
    check_folder(o)


def concurrent_run_into_one_folder_is_refused():
    p, err_path = start("run", *LONG_SINGLE, "--alerts-csv", "off", "--out", "o")
    wait_for_text(err_path, r"simulating", p)  # running, lock held
    _, err = run("run", "tiny", "--out", "o", "--quiet", code=3)
    check(re.search(r"output directory o is in use by another hotline-sim run \(pid \d+\): wait",
                    err), err)
    p.send_signal(signal.SIGINT)  # no need to wait for the whole decade
    code, _ = finish(p, err_path)
    check(code == 130, f"first run exit {code}")
    # Once the first run is gone, the folder is free again.
    run("run", "tiny", "--out", "o", "--quiet")
    check_folder(os.path.join(WORK, "o"))


def temp_files_of_a_killed_run_are_cleaned_up():
    o = os.path.join(WORK, "o")
    os.makedirs(o)
    for name in ("alerts.csv.tmp-999999", "summary.json.tmp-12"):
        open(os.path.join(o, name), "w").write("half a result")
    open(os.path.join(o, "data.tmp-5"), "w").write("not ours")
    run("run", "tiny", "--out", "o", "--quiet")
    check("alerts.csv.tmp-999999" not in files_in(o) and "summary.json.tmp-12" not in files_in(o),
          files_in(o))
    check("data.tmp-5" in files_in(o), "a file that is not hotline-sim's was removed")


# --- interrupts -------------------------------------------------------------------------

def sigint_stops_a_single_run_and_writes_nothing():
    o = os.path.join(WORK, "o")
    run("run", "tiny", "--out", "o", "--quiet")
    before = snapshot(o)
    p, err_path = start("run", *LONG_SINGLE, "--trace", "--out", "o")
    wait_for_text(err_path, r"simulating", p)
    check(any(".tmp-" in n for n in files_in(o)), "the run streams no temp file?")
    p.send_signal(signal.SIGINT)
    code, err = finish(p, err_path)
    check(code == 130, f"exit {code}, expected 130\n{err}")
    check("hotline-sim: interrupted by SIGINT before the run finished: nothing was written "
          "(temporary files removed" in err, err)
    check(snapshot(o) == before, "an interrupted run changed the folder")
    check(not [n for n in files_in(o) if ".tmp-" in n], f"temp files left: {files_in(o)}")


def sigterm_keeps_finished_replications_marked_incomplete():
    o = os.path.join(WORK, "o")
    p, err_path = start("run", *LONG_REPS, "--out", "o")
    # At least two done, so the reference below is a replicated run too (--reps 1 is a
    # single run, with other files).
    wait_for_text(err_path, r"replication ([2-9]|[1-9]\d) of 40", p)
    p.send_signal(signal.SIGTERM)
    code, err = finish(p, err_path)
    check(code == 143, f"exit {code}, expected 143\n{err}")
    m = check_folder(o, complete=False)
    summary = json.load(open(os.path.join(o, "summary.json")))
    k = summary["replications"]
    check(summary["complete"] is False and summary["replications_planned"] == 40 and
          summary["stopped_by"] == "SIGTERM" and 2 <= k < 40, str(summary)[:300])
    check(f"interrupted by SIGTERM after {k} of 40 replications" in m["note"], m["note"])
    page = open(os.path.join(o, "report.html"), encoding="utf-8").read()
    check(f"Incomplete 结果不完整: interrupted by SIGTERM after {k} of 40 replications" in page,
          "report.html of an interrupted run does not say it is incomplete")
    check(f"hotline-sim: interrupted by SIGTERM after {k} of 40 replications; kept the finished "
          "ones, marked incomplete" in err and f"not run: replications {k} to 39" in err, err)
    # What was kept is exactly a k-replication run: nothing of the abandoned ones leaked in.
    run("run", *LONG_REPS[:-4], "--reps", str(k), "--out", "k", "--quiet")
    for name in ("replications.csv", "desks.csv", "alerts.csv", "intervals.csv"):
        check(sha256(os.path.join(o, name)) == sha256(os.path.join(WORK, "k", name)),
              f"{name} of the interrupted run differs from a --reps {k} run")


def sigint_stops_a_comparison_and_writes_nothing():
    p, err_path = start("compare", "xizang", "--set", "clock.horizon=365d", "--vs-set",
                        "robot.lines=8", "--reps", "30", "--out", "o")
    wait_for_text(err_path, r"replication [1-9]", p)
    p.send_signal(signal.SIGINT)
    code, err = finish(p, err_path)
    check(code == 130, f"exit {code}\n{err}")
    check("nothing was written" in err, err)
    o = os.path.join(WORK, "o")
    check(not [n for n in files_in(o) if n in KNOWN or ".tmp-" in n], files_in(o))


def sigint_stops_a_sweep_and_resume_finishes_it():
    # Two variants x 8 replications of a year, one thread: each replication is saved to
    # sweep.db as it finishes, so the interrupted sweep keeps what finished. (A Xizang year
    # takes about 0.2 s: with fewer replications an idle machine finished the sweep before
    # the first progress line, and so before the signal.)
    args = ["sweep", "xizang", "--set", "clock.horizon=365d", "--vary",
            "night:desks.96110.roster.night.headcount=2..3", "--reps", "8", "--threads", "1",
            "--out", "o"]
    p, err_path = start(*args)
    wait_for_text(err_path, r"reps ([1-9]|1[0-2])/16", p)
    p.send_signal(signal.SIGINT)
    code, err = finish(p, err_path)
    check(code == 130, f"exit {code}\n{err}")
    m = re.search(r"interrupted by SIGINT: (\d+) replications finished and are kept in o/sweep.db",
                  err)
    check(m is not None, err)
    kept = int(m.group(1))
    check(1 <= kept < 16, err)
    o = os.path.join(WORK, "o")
    check_folder(o, complete=False)
    check(json.load(open(os.path.join(o, "sweep.json")))["complete"] is False, "sweep.json")
    # --resume continues only the plan that was stopped.
    other = [a if a != "8" else "9" for a in args]
    _, err = run(*other, "--resume", code=2)
    check("--resume: error: the interrupted sweep in o/sweep.db had another plan" in err, err)
    out, _ = run(*args, "--resume")
    check(f"{16 - kept} replications run now, {kept} taken from the database" in out, out)
    check_folder(o, complete=True)
    # Resumed or not, the results are the same as one uninterrupted sweep's.
    run(*args[:-1], "fresh", "--quiet")
    check(sha256(os.path.join(o, "sweep.csv")) == sha256(os.path.join(WORK, "fresh", "sweep.csv")),
          "the resumed sweep.csv differs from an uninterrupted sweep's")


# --- write errors on stdout -------------------------------------------------------------

def stdout_write_errors_exit_3():
    for args in (["schema"], ["format-doc"], ["validate", "tiny"], ["list-scenarios"],
                 ["--help"], ["run", "tiny", "--out", "o"]):
        with open("/dev/full", "wb") as full:
            _, err = run(*args, stdout=full, code=3)
        check("hotline-sim: error: cannot write to standard output: No space left on device"
              in err, f"{args}: {err}")
    # The run's files were published before the summary failed to print, and it says so.
    check("(the results in o are complete: see o/manifest.json)" in err, err)
    check_folder(os.path.join(WORK, "o"))


# --- CSVs for spreadsheets and tools ----------------------------------------------------

def read_csv(path):
    raw = open(path, "rb").read()
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return raw, rows


def csv_files_open_in_excel_and_parse_in_python():
    run("run", "xizang", "--set", "clock.horizon=3d", "--out", "one", "--quiet")
    run("run", "xizang", "--set", "clock.horizon=2d", "--reps", "3", "--out", "reps", "--quiet")
    run("compare", "tiny", "--vs-set", "robot.lines=8", "--reps", "3", "--out", "cmp", "--quiet")
    paths = [os.path.join(WORK, d, f) for d, f in
             [("one", "alerts.csv"), ("one", "desks.csv"), ("one", "intervals.csv"),
              ("reps", "replications.csv"), ("reps", "desks.csv"), ("reps", "intervals.csv"),
              ("cmp", "comparison.csv")]]
    for path in paths:
        raw, rows = read_csv(path)
        check(raw.startswith(BOM), f"{path}: no UTF-8 byte-order mark")
        raw.decode("utf-8")  # valid UTF-8 throughout
        check(len(rows) > 0, f"{path}: no rows")
        width = len(rows[0])
        check(all(len(r) == width and None not in r for r in rows), f"{path}: ragged rows")
    # Date-times Excel reads as date-times (and Python parses).
    stamp = "%Y-%m-%d %H:%M:%S"
    _, alerts = read_csv(paths[0])
    for r in alerts:
        for col in ("arrival", "first_contact", "closed"):
            if r[col]:
                datetime.datetime.strptime(r[col], stamp)
    _, desks = read_csv(paths[1])
    check(desks[0]["hour_start"] == "2021-09-01 00:00:00", desks[0]["hour_start"])
    # Display names beside ids: the 96110 desk belongs to the region, named in xizang.yaml
    # (in Chinese: what the byte-order mark is for).
    first = desks[0]
    check(first["desk"] == "96110" and first["unit"] == "xz" and first["kind"] == "96110" and
          first["unit_name"] == "西藏自治区", str(first))
    check(any(r["unit_name"] == "拉萨市" for r in desks), "no desk with Lhasa's name")
    # --csv-bom off: plain UTF-8, same content.
    run("run", "xizang", "--set", "clock.horizon=3d", "--out", "nobom", "--quiet",
        "--csv-bom", "off")
    for name in ("alerts.csv", "desks.csv", "intervals.csv"):
        raw = open(os.path.join(WORK, "nobom", name), "rb").read()
        check(not raw.startswith(BOM), f"{name} has a BOM with --csv-bom off")
        check(BOM + raw == open(os.path.join(WORK, "one", name), "rb").read(),
              f"{name}: --csv-bom changes more than the mark")


# --- numbers for people -----------------------------------------------------------------

def console_numbers_are_rounded():
    long_float = re.compile(r"\d\.\d{7,}")
    commands = [["run", "tiny", "--out", "a"],
                ["run", "xizang", "--set", "clock.horizon=4d", "--reps", "3", "--out", "b"],
                ["run", "tiny", "--set", "clock.horizon=6d", "--warmup", "auto", "--reps", "3",
                 "--out", "c"],
                ["run", "tiny", "--set", "clock.horizon=1.5h", "--out", "d"],
                ["compare", "tiny", "--vs-set", "robot.lines=8", "--reps", "3", "--out", "e"]]
    for args in commands:
        out, err = run(*args)
        for text in (out, err):
            m = long_float.search(text)
            check(m is None, f"{args}: unrounded number {m and m.group(0)} in:\n{text}")
    # summary.json stays exact: its shares are not rounded to what the console shows.
    s = json.load(open(os.path.join(WORK, "a", "summary.json")))
    check(any(len(repr(v)) > 8 for v in (s["all"]["dissuaded_share"], s["all"]["contact_mean_s"])),
          "summary.json looks rounded")


def progress_shows_time_left():
    _, err = run("run", "xizang", "--set", "clock.horizon=365d", "--reps", "8", "--out", "o",
                 "--alerts-csv", "off", "--threads", "1")
    check(re.search(r"simulating +\d+\.\d%  replication \d+ of 8  \S+, about \S+ left", err),
          f"no time left in the progress lines:\n{err}")


# --- the README's first command --------------------------------------------------------

def run_default_keeps_results_alone_on_stdout():
    # The build tree of the binary under test (up to date: ctest runs after the build), so
    # the script's build step is a no-op that still prints ninja's status line.
    build = os.path.relpath(os.path.dirname(EXE), SOURCE)
    env = dict(os.environ, HOTLINE_BUILD_DIR=build)
    p = subprocess.run([os.path.join(SOURCE, "scripts", "run-default"), "--set",
                        "clock.horizon=2d", "--out", os.path.join(WORK, "o")],
                       cwd=WORK, env=env, capture_output=True, text=True)
    check(p.returncode == 0, f"run-default exit {p.returncode}\n{p.stderr}")
    check(p.stdout.startswith("hotline-sim ") and "By grade" in p.stdout, p.stdout[:500])
    for noise in ("ninja", "Building", "Linking", "[0/", "installing"):
        check(noise not in p.stdout, f"build output '{noise}' on stdout:\n{p.stdout[:500]}")
    check("ninja" in p.stderr or "Re-checking" in p.stderr, f"no build step seen:\n{p.stderr}")


CASES = {f.__name__: f for f in [
    own_file_beats_bundled_namesake, empty_scenario_argument_is_an_error,
    manifest_lists_the_run_files, later_run_removes_stale_files,
    failed_run_leaves_the_earlier_run_untouched, concurrent_run_into_one_folder_is_refused,
    temp_files_of_a_killed_run_are_cleaned_up, sigint_stops_a_single_run_and_writes_nothing,
    sigterm_keeps_finished_replications_marked_incomplete,
    sigint_stops_a_comparison_and_writes_nothing, sigint_stops_a_sweep_and_resume_finishes_it,
    stdout_write_errors_exit_3,
    csv_files_open_in_excel_and_parse_in_python, console_numbers_are_rounded,
    progress_shows_time_left, run_default_keeps_results_alone_on_stdout]}

if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "--list":
        print(";".join(CASES))
        sys.exit(0)
    EXE, WORK, case = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    try:
        CASES[case]()
    except Failure as e:
        print(f"FAILED {case}: {e}", file=sys.stderr)
        sys.exit(1)
    shutil.rmtree(WORK, ignore_errors=True)
    print(f"ok {case}")
