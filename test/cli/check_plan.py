#!/usr/bin/env python3
"""CLI test of `wanmeter plan`, with checks recomputed here from plan.json (nothing is taken from
the C++ code):

  check_plan.py <wanmeter> <schema/plan.schema.json> <scratch dir>

1. plan.json of a small question passes the JSON Schema;
2. the counts, `fits` (peak <= VRAM limit and host <= host limit), the order (fitting first, by
   time) and `best` (the fastest fitting) hold;
3. the Pareto front, by brute force: no fitting candidate on the front is dominated, every
   fitting one off the front is;
4. `wanmeter analyze <args of the candidate> --stdout` of the best candidate and of others gives
   the same time_s, peak_bytes and fit (an independent run of the analysis);
5. the files: plan.json equals the --stdout text, plan.md and pareto.svg (well-formed XML);
6. nothing fits (14B on one RTX 4090 with 16 GB of host RAM): best is null, the advice recommends a change whose
   candidate fits, again checked with analyze;
7. the checks are able to fail: broken copies of plan.json are rejected.
"""
import copy
import json
import os
import shutil
import subprocess
import sys
import xml.dom.minidom

try:
    import jsonschema
except ImportError:  # pragma: no cover
    sys.exit("check_plan: the Python package jsonschema is missing (Debian: apt-get install python3-jsonschema)")

wanmeter, schema_path, scratch = sys.argv[1:4]
shutil.rmtree(scratch, ignore_errors=True)
os.makedirs(scratch)
with open(schema_path) as f:
    SCHEMA = json.load(f)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def fail(msg):
    sys.exit(f"check_plan: FAIL: {msg}")


def run(*args):
    p = subprocess.run([wanmeter, *args], cwd=scratch, capture_output=True, text=True)
    if p.returncode != 0:
        fail(f"wanmeter {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p.stdout


def dominates(a, b):
    ka = (a["time_s"], a["gpus"], a["peak_bytes"])
    kb = (b["time_s"], b["gpus"], b["peak_bytes"])
    return all(x <= y for x, y in zip(ka, kb)) and ka != kb


def check(plan):
    for e in VALIDATOR.iter_errors(plan):
        raise Invalid(f"schema: {list(e.path)}: {e.message}")
    cs = plan["candidates"]
    q = plan["question"]
    need(plan["counts"]["candidates"] == len(cs), "counts.candidates")
    need(plan["counts"]["fits"] == sum(c["fits"] for c in cs), "counts.fits")
    need(plan["counts"]["pareto"] == sum(c["pareto"] for c in cs), "counts.pareto")
    for c in cs:
        need(c["fits_vram"] == (c["peak_bytes"] <= c["vram_limit_bytes"]), f"fits_vram of {c['args']}")
        host_ok = q["host_ram_bytes"] is None or c["host_bytes"] <= q["host_ram_bytes"]
        need(c["fits_host_ram"] == host_ok, f"fits_host_ram of {c['args']}")
        need(c["fits"] == (c["fits_vram"] and c["fits_host_ram"]), f"fits of {c['args']}")
        need(q["allow_lossy"] or not c["lossy"], "a lossy candidate without --allow-lossy")
        need(not c["pareto"] or c["fits"], "a candidate on the front that does not fit")
        need(c["device"] in q["devices"] and c["gpus"] in q["gpus"], "a device or GPU count not asked")
        lay = c["layout"]
        need(lay["ulysses"] * lay["ring"] * lay["cfg"] == c["gpus"], f"layout of {c['args']} is not {c['gpus']} GPUs")
    keys = [(not c["fits"], c["time_s"]) for c in cs]
    need(keys == sorted(keys), "candidates not ordered fitting first, then by time")
    fitting = [c for c in cs if c["fits"]]
    if fitting:
        fastest = min(c["time_s"] for c in fitting)
        need(plan["best"] is not None and plan["best"]["time_s"] == fastest and plan["best"]["fits"], "best")
        need(plan["advice"] is None, "advice although something fits")
    else:
        need(plan["best"] is None, "best although nothing fits")
        need(plan["advice"] is not None, "no advice although nothing fits")
    for c in fitting:
        dominated = any(dominates(d, c) for d in fitting)
        need(c["pareto"] == (not dominated), f"pareto of {c['args']}: dominated={dominated}")
    return plan


def same_as_analyze(c):
    report = json.loads(run("analyze", *c["args"], "--stdout"))
    if report["time_s"] != c["time_s"]:
        fail(f"analyze {c['args']}: time {report['time_s']} != plan {c['time_s']}")
    if report["memory"]["peak_bytes"] != c["peak_bytes"]:
        fail(f"analyze {c['args']}: peak {report['memory']['peak_bytes']} != plan {c['peak_bytes']}")
    if c["vram_limit_bytes"] == report["memory"]["device_bytes"] and report["memory"]["fits"] != c["fits_vram"]:
        fail(f"analyze {c['args']}: fits {report['memory']['fits']} != plan {c['fits_vram']}")


# 1-4. A small question: the 1.3B on the tiny profile, one and two H100s.
question = ["plan", "--model", "wan2.1-t2v-1.3b", "--profile", "wan2-1-ci-tiny", "--device", "h100-sxm,a100-80gb-sxm",
            "--gpus", "1,2", "--price-per-gpu-hour", "3"]
text = run(*question, "--stdout")
try:
    plan = check(json.loads(text))
except Invalid as e:
    fail(str(e))
cs = plan["candidates"]
if plan["best"] is None or not cs:
    fail("the small question has no best plan")
for c in [plan["best"]] + [c for c in cs if c["pareto"]][:4] + cs[-2:] + cs[len(cs) // 2:len(cs) // 2 + 1]:
    same_as_analyze(c)
best = plan["best"]
if abs(best["cost_per_video"] - 3 * best["gpus"] * best["time_s"] / 3600) > 1e-9 * best["cost_per_video"]:
    fail(f"cost per video {best['cost_per_video']}")

# 5. Files: the same text, where it says, plus plan.md and a well-formed pareto.svg.
out = run(*question, "--output-root", "out", "--run-id", "small")
folder = os.path.join(scratch, "out", "small", "plan")
with open(os.path.join(folder, "plan.json")) as f:
    if f.read() != text:
        fail("plan.json differs from the --stdout text")
with open(os.path.join(folder, "plan.md")) as f:
    md = f.read()
    if "## Best plan" not in md or "## Pareto front" not in md or "wanmeter analyze --model" not in md:
        fail("plan.md lacks its sections")
xml.dom.minidom.parse(os.path.join(folder, "pareto.svg"))
if "plan:       out/small/plan/plan.json" not in out:
    fail(f"printed paths: {out}")

# 6. Nothing fits: the 14B in bf16 alone is 14,288,491,584 x 2 B = 28.58 GB, more than 24 GiB of one
#    RTX 4090 and more than 16 GB of host RAM (every offload policy keeps the DiT on the host).
nothing = json.loads(run("plan", "--profile", "wan2-1-ci-tiny", "--device", "rtx-4090", "--gpus", "1", "--host-ram-gb", "16",
                         "--stdout"))
try:
    check(nothing)
except Invalid as e:
    fail(f"nothing-fits plan: {e}")
changes = nothing["advice"]["changes"]
if not changes or nothing["advice"]["recommended"] != changes[0]["kind"]:
    fail("no recommended change")
for ch in changes:
    if not ch["candidate"]["fits"]:
        fail(f"advice {ch['kind']} does not fit")
    same_as_analyze(ch["candidate"])
# A quantised DiT fits one RTX 4090 (fp8: 14.29 GB; q4_k_m: about 8.9 GB) with nothing on the host.
if not any(ch["kind"] == "lossy" and ch["candidate"]["options"]["weight_format"] not in ("fp32", "bf16")
           and ch["candidate"]["gpus"] == 1 for ch in changes):
    fail("a quantised DiT would fit one RTX 4090, but the advice does not say so")

# 7. The checks can fail.
broken = []
b = copy.deepcopy(plan)
b["candidates"][0]["pareto"] = not b["candidates"][0]["pareto"]
broken.append(("front flipped", b))
b = copy.deepcopy(plan)
b["best"] = b["candidates"][-1]
broken.append(("slowest as best", b))
b = copy.deepcopy(plan)
b["candidates"][0]["fits"] = False
broken.append(("fit flipped", b))
b = copy.deepcopy(plan)
del b["candidates"][0]["args"]
broken.append(("no args", b))
for name, b in broken:
    try:
        check(b)
    except Invalid:
        continue
    fail(f"a broken plan.json was accepted: {name}")
print(f"check_plan: OK ({len(cs)} candidates, {sum(c['pareto'] for c in cs)} on the front)")
