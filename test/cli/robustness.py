#!/usr/bin/env python3
"""CLI tier: inputs that must work, found by trying the tool as a hostile user would (issue 13).

    robustness.py <wanmeter> <config.json> <scratch-dir>

1. `--output-root=out%1` and `--output-root out%1`: one rule, both work and write to `out%1`.
2. A `--config` path with a non-UTF-8 byte, a newline, `#` and a backtick: report.json is valid
   UTF-8 JSON (the byte becomes U+FFFD) and summary.md gains no heading; the path sits in one
   code span.
3. The derived run id is always valid: `--guidance-scale 1e21` (`1e+21` holds a `+`) and a run
   with every option (over 128 characters: shortened with a hash) both exit 0, and the id is
   stable (the same inputs give the same folder) and distinct for different inputs.
4. A run without --device after one with it leaves no chart of the earlier run in the folder (the
   folder is one run's set).
"""
import json
import os
import re
import shutil
import subprocess
import sys

exe, config, scratch = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
shutil.rmtree(scratch, ignore_errors=True)
os.makedirs(scratch)
TINY = ["--profile", "wan2-1-ci-tiny"]
failures = []


def run(*args, cwd=scratch, rc=0):
    p = subprocess.run([exe, *args], cwd=cwd, capture_output=True, check=False)
    if p.returncode != rc:
        failures.append(f"wanmeter {' '.join(map(repr, args))}: exit {p.returncode}, expected {rc}: "
                        f"{p.stderr.decode(errors='replace')[:300]}")
    return p.stdout.decode("utf-8", errors="replace")


def printed(out, label):
    m = re.search(rf"^{re.escape(label)}: +(.*)$", out, re.M)
    return m.group(1) if m else None


# 1. '%' in a value, both spellings.
for i, spelling in enumerate((["--output-root=out%1"], ["--output-root", "out%1"])):
    out = run("analyze", *TINY, *spelling, "--run-id", f"pct{i}")
    if not os.path.isfile(os.path.join(scratch, "out%1", f"pct{i}", "static_analysis", "wan2_1", "report.json")):
        failures.append(f"{spelling}: no report under out%1")

# 2. A hostile config path.
name = b"cfg\xe9\n# heading `x` .json"
with open(config, "rb") as f:
    text = f.read()
with open(os.path.join(os.fsencode(scratch), name), "wb") as f:
    f.write(text)
out = run("analyze", "--model", "wan2.1-t2v-1.3b", *TINY, "--config", os.fsdecode(name), "--run-id", "cfg")
folder = os.path.join(scratch, "tmp", "profile-output", "cfg", "static_analysis", "wan2_1")
try:
    with open(os.path.join(folder, "report.json"), "rb") as f:
        report = json.loads(f.read().decode("utf-8"))
    if report["model"]["config"] != "cfg\ufffd\n# heading `x` .json":
        failures.append(f"report.json model.config is {report['model']['config']!r}")
    with open(os.path.join(folder, "summary.md"), "rb") as f:
        summary = f.read().decode("utf-8")
    if re.search(r"^# heading", summary, re.M):
        failures.append("the config path made a heading in summary.md")
    if "architecture from `` cfg\ufffd\\x0a# heading `x` .json ``" not in summary and \
            "architecture from ``cfg\ufffd\\x0a# heading `x` .json``" not in summary:
        failures.append("summary.md does not hold the path as one code span")
except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError) as e:
    failures.append(f"hostile config path: {e}")

# 3. Derived run ids.
out = run("analyze", *TINY, "--guidance-scale", "1e21")
if printed(out, "run id") != "wan2.1-t2v-14b_wan2-1-ci-tiny_guidance-1e21":
    failures.append(f"guidance 1e21: run id {printed(out, 'run id')}")
everything = ["analyze", "--model", "wan2.2-ti2v-5b", "--frames", "9", "--height", "256", "--width", "256", "--steps", "2",
              "--batch", "2", "--guidance-scale", "1.2345678901234567", "--image-size", "1234x567", "--shift", "7.123456789",
              "--exec", "fused", "--weight-dtype", "fp8", "--no-offload", "--t5-cpu", "--attention", "fa2", "--allow-tf32",
              "--host-memory", "pinned", "--device", "a100-80gb-sxm"]
ids = []
for steps in ("2", "2", "3"):
    args = list(everything)
    args[args.index("--steps") + 1] = steps
    ids.append(printed(run(*args), "run id"))
long_id = ids[0] or ""
if not (len(long_id) <= 128 and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", long_id) and ".." not in long_id):
    failures.append(f"every option: invalid run id {long_id!r} ({len(long_id)} characters)")
if not re.fullmatch(r"wan2\.2-ti2v-5b_defaults_batch-2_frames-9_.*_[0-9a-f]{16}", long_id):
    failures.append(f"every option: run id {long_id!r} is not the readable prefix and a hash")
if ids[0] != ids[1]:
    failures.append(f"the same inputs gave two run ids: {ids[0]} and {ids[1]}")
if ids[0] == ids[2]:
    failures.append(f"different inputs gave the same run id {ids[0]}")

# 4. The folder is one run's set: no stale chart.
run("analyze", *TINY, "--device", "h100-sxm", "--run-id", "charts")
run("analyze", *TINY, "--run-id", "charts")
left = sorted(os.listdir(os.path.join(scratch, "tmp", "profile-output", "charts", "static_analysis", "wan2_1")))
if left != ["report.json", "summary.md"]:
    failures.append(f"after a run without --device the folder holds {left}")

if failures:
    print(f"{len(failures)} robustness checks failed:")
    for f in failures:
        print("  " + f)
    sys.exit(1)
print("robustness: all checks passed")
