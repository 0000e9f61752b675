#!/usr/bin/env python3
"""CLI tier: concurrent and killed runs that share one run id (issue 13, items 1, 2 and 6).

    concurrency.py <wanmeter> <scratch-dir> [--runs N] [--rounds R]

1. Stress: R rounds of N parallel `wanmeter analyze --run-id r` into one output root, the runs
   alternating between two devices (h100-sxm, a100-80gb-sxm). Every run must exit 0, and after each
   round the run folder must hold exactly one run's complete set: report.json, summary.md,
   roofline.svg and stage_times.svg, all four naming the same device, and nothing else beside it
   (no temporary, backup or lock left in static_analysis/).
2. Kill: a run killed (SIGKILL, through the test-only variable WANMETER_TEST_KILL_AT) at each
   step of the folder swap leaves either the old complete set or the new one, never a mix; the
   next run removes the dead run's leftovers and exits 0.
3. A failed run (a folder named summary.md in the way) exits 4 and leaves a report.json symbolic
   link and every other entry as they were.

Prints one line per round with the failures found; exits 1 on any failure.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

DEVICES = ["h100-sxm", "a100-80gb-sxm"]
SET = {"report.json", "summary.md", "roofline.svg", "stage_times.svg"}
BASE = ["analyze", "--profile", "wan2-1-ci-tiny", "--output-root", "out", "--run-id", "r"]


def folder(work):
    return os.path.join(work, "out", "r", "static_analysis", "wan2_1")


def consistency_problems(work):
    """Empty when the run folder is one run's complete set and nothing else is beside it."""
    problems = []
    d = folder(work)
    if not os.path.isdir(d):
        return [f"no folder {d}"]
    names = set(os.listdir(d))
    if names != SET:
        problems.append(f"folder holds {sorted(names)}")
    beside = sorted(os.listdir(os.path.dirname(d)))
    if beside != ["wan2_1"]:
        problems.append(f"static_analysis holds {beside}")
    if problems:
        return problems
    with open(os.path.join(d, "report.json"), "rb") as f:
        raw = f.read()
    try:
        report = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        return [f"report.json is not valid JSON: {e}"]
    dev = report.get("device") or {}
    with open(os.path.join(d, "summary.md"), encoding="utf-8") as f:
        summary = f.read()
    if dev.get("name", "\0") not in summary:
        problems.append(f"summary.md does not name the report's device {dev.get('name')}")
    for other in DEVICES:
        if other != dev.get("id"):
            for svg in ("roofline.svg", "stage_times.svg"):
                with open(os.path.join(d, svg), encoding="utf-8") as f:
                    text = f.read()
                if f"on {other}" in text or f"on {dev.get('id')}" not in text:
                    problems.append(f"{svg} is not the chart of {dev.get('id')}")
    return problems


def run(exe, work, device, env=None):
    return subprocess.run([exe, *BASE, "--device", device], cwd=work, capture_output=True, timeout=300,
                          env=env, check=False)


def stress(exe, scratch, runs, rounds):
    work = os.path.join(scratch, "stress")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    failed_runs, bad_rounds = 0, 0
    for r in range(rounds):
        with ThreadPoolExecutor(max_workers=runs) as pool:
            results = list(pool.map(lambda i: run(exe, work, DEVICES[i % 2]), range(runs)))
        bad = [p for p in results if p.returncode != 0]
        failed_runs += len(bad)
        problems = consistency_problems(work)
        bad_rounds += 1 if problems else 0
        first = bad[0].stderr.decode(errors="replace").strip()[:200] if bad else ""
        print(f"round {r + 1}: {runs} runs, {len(bad)} exited non-zero {first!r}; folder: "
              f"{'; '.join(problems) if problems else 'one complete set'}")
    print(f"stress: {runs} x {rounds} runs, {failed_runs} failed, {bad_rounds} rounds ended inconsistent")
    return failed_runs == 0 and bad_rounds == 0


def kill(exe, scratch):
    ok = True
    for step in ("temporary_written", "folder_complete", "swapped", "swapped_by_two_renames"):
        work = os.path.join(scratch, "kill-" + step)
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        first = run(exe, work, DEVICES[0])
        env = dict(os.environ, WANMETER_TEST_KILL_AT=step)
        killed = run(exe, work, DEVICES[1], env)
        problems = []
        if first.returncode != 0:
            problems.append(f"first run exited {first.returncode}")
        if killed.returncode != -signal.SIGKILL:
            problems.append(f"the run to kill exited {killed.returncode}, not by SIGKILL "
                            f"({killed.stderr.decode(errors='replace').strip()[:200]})")
        d = folder(work)
        if step == "swapped_by_two_renames":
            # The fallback swap (no RENAME_EXCHANGE): killed between its two renames, the old
            # folder is aside under .wan2_1.old-*; the next writer puts it back before writing.
            aside = [n for n in os.listdir(os.path.dirname(d)) if n.startswith(".wan2_1.old-")]
            if os.path.exists(d) or len(aside) != 1:
                problems.append(f"expected the folder aside, found {sorted(os.listdir(os.path.dirname(d)))}")
            else:
                d = os.path.join(os.path.dirname(d), aside[0])
        names = set(os.listdir(d)) if os.path.isdir(d) else set()
        if names != SET:
            problems.append(f"after the kill the folder holds {sorted(names)}")
        else:
            with open(os.path.join(d, "report.json"), encoding="utf-8") as f:
                dev = json.load(f)["device"]["id"]
            expected = DEVICES[1] if step == "swapped" else DEVICES[0]
            if dev != expected:
                problems.append(f"after a kill at {step} the folder is the set of {dev}, expected {expected}")
            with open(os.path.join(d, "summary.md"), encoding="utf-8") as f:
                summary = f.read()
            if ("H100" in summary) != (dev == "h100-sxm"):
                problems.append("report.json and summary.md are from different runs")
        leftovers = sorted(set(os.listdir(os.path.dirname(folder(work)))) - {"wan2_1"})
        again = run(exe, work, DEVICES[0])
        if again.returncode != 0:
            problems.append(f"the next run exited {again.returncode}: {again.stderr.decode(errors='replace')[:200]}")
        problems += consistency_problems(work)
        print(f"kill at {step}: leftovers {leftovers}; "
              f"{'; '.join(problems) if problems else 'consistent, cleaned by the next run'}")
        ok = ok and not problems
    return ok


def symlink_survives_failed_run(exe, scratch):
    work = os.path.join(scratch, "symlink")
    shutil.rmtree(work, ignore_errors=True)
    d = folder(work)
    os.makedirs(os.path.join(d, "summary.md"))
    with open(os.path.join(d, "summary.md", "keep"), "w", encoding="utf-8") as f:
        f.write("a folder in the way\n")
    with open(os.path.join(work, "elsewhere.json"), "w", encoding="utf-8") as f:
        f.write("{}\n")
    os.symlink(os.path.join("..", "..", "..", "..", "..", "elsewhere.json"), os.path.join(d, "report.json"))
    p = run(exe, work, DEVICES[0])
    problems = []
    if p.returncode != 4:
        problems.append(f"exit {p.returncode}, expected 4")
    if not os.path.islink(os.path.join(d, "report.json")):
        problems.append("the report.json link is gone")
    if sorted(os.listdir(d)) != ["report.json", "summary.md"] or os.listdir(os.path.join(d, "summary.md")) != ["keep"]:
        problems.append(f"the folder changed: {sorted(os.listdir(d))}")
    if sorted(os.listdir(os.path.dirname(d))) != ["wan2_1"]:
        problems.append(f"leftovers: {sorted(os.listdir(os.path.dirname(d)))}")
    print(f"failed run beside a report.json link: exit {p.returncode}; "
          f"{'; '.join(problems) if problems else 'link and folder unchanged'} "
          f"({p.stderr.decode(errors='replace').strip()[:160]})")
    return not problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("wanmeter")
    ap.add_argument("scratch")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", choices=["stress", "kill", "symlink"])
    a = ap.parse_args()
    exe, scratch = os.path.abspath(a.wanmeter), os.path.abspath(a.scratch)
    os.makedirs(scratch, exist_ok=True)
    results = []
    if a.only in (None, "stress"):
        results.append(stress(exe, scratch, a.runs, a.rounds))
    if a.only in (None, "kill"):
        results.append(kill(exe, scratch))
    if a.only in (None, "symlink"):
        results.append(symlink_survives_failed_run(exe, scratch))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
