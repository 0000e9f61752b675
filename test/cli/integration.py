#!/usr/bin/env python3
"""CLI integration test: `wanmeter analyze` on wan2-1-ci-tiny writes both files where it says,
they pass the schema and the invariants (check_report.py), two runs give byte-identical files, and
--stdout writes no files.

  integration.py <wanmeter> <schema> <check_report.py> <scratch dir>
"""
import json
import os
import shutil
import subprocess
import sys

wanmeter, schema, checker, scratch = sys.argv[1:5]
shutil.rmtree(scratch, ignore_errors=True)
os.makedirs(scratch)


def fail(msg):
    sys.exit(f"integration: FAIL: {msg}")


def run(*args, cwd=scratch):
    p = subprocess.run([wanmeter, *args], cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        fail(f"wanmeter {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p.stdout


def printed(out, label):
    for line in out.splitlines():
        if line.startswith(label + ":"):
            return line.split(":", 1)[1].strip()
    fail(f"no '{label}:' line in:\n{out}")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def check(path, *extra):
    p = subprocess.run([sys.executable, checker, "--schema", schema, path, *extra], capture_output=True, text=True)
    if p.returncode != 0:
        fail(f"check_report {path}: {p.stdout}{p.stderr}")


# 1. Default output root (relative to the working directory) and derived run id.
out = run("analyze", "--profile", "wan2-1-ci-tiny")
run_id = "wan2.1-t2v-14b_wan2-1-ci-tiny"
folder = os.path.join("tmp", "profile-output", run_id, "static_analysis", "wan2_1")
if printed(out, "run id") != run_id:
    fail(f"run id {printed(out, 'run id')} != {run_id}")
if printed(out, "report") != os.path.join(folder, "report.json"):
    fail(f"report printed at {printed(out, 'report')}")
if printed(out, "summary") != os.path.join(folder, "summary.md"):
    fail(f"summary printed at {printed(out, 'summary')}")
report_path = os.path.join(scratch, folder, "report.json")
summary_path = os.path.join(scratch, folder, "summary.md")
for p in (report_path, summary_path):
    if not os.path.isfile(p):
        fail(f"{p} was not written")
if sorted(os.listdir(os.path.join(scratch, folder))) != ["report.json", "summary.md"]:
    fail(f"unexpected files: {os.listdir(os.path.join(scratch, folder))}")
check(report_path, "--self-test", "--expect-dit-calls", "2")

# Hand-derived figures of ci-tiny (256x256, 5 frames, 1 step, guidance 5) on the 14B model:
# latents (5-1)/4+1 = 2 x 256/8 = 32 x 32, tokens per frame (32/2)^2 = 256, L = 2 x 256 = 512;
# 1 step x 2 forwards; DiT fp32 weights = 14,288,491,584 parameters x 4 bytes. The run also holds
# the umT5-XXL encoder (5,680,910,336 parameters, bf16) and the Wan2.1 VAE decoder (73,295,603,
# fp32): official counts, reference section 1.2.
r = json.loads(read(report_path))
g = r["geometry"]
if (g["latent_frames"], g["latent_height"], g["latent_width"], g["dit_seq_len"]) != (2, 32, 32, 512):
    fail(f"geometry {g}")
dit = r["stages"]["dit"]["total"]
if dit["parameters"] != 14_288_491_584 or dit["weight_bytes"] != 57_153_966_336:
    fail("DiT parameters / weights")
if r["totals"]["parameters"] != 14_288_491_584 + 5_680_910_336 + 73_295_603:
    fail("run parameters")
if r["totals"]["weight_bytes"] != 57_153_966_336 + 2 * 5_680_910_336 + 4 * 73_295_603:
    fail("run weight bytes")
if r["workload"]["profile"] != "wan2-1-ci-tiny" or r["model"]["id"] != "wan2.1-t2v-14b":
    fail("workload / model ids")
if printed(out, "forwards per run").split()[0] != "2":
    fail("forwards per run not printed as 2")
if printed(out, "tokens").split()[0] != "512":
    fail("tokens not printed as 512")
summary = read(summary_path).decode()
for needle in ("# wanmeter static analysis", "## Stages", "## Hotspots", "`dit.blocks.0`", "not modelled"):
    if needle not in summary:
        fail(f"summary.md lacks {needle!r}")

# 2. Same inputs, second run: byte-identical files.
first = (read(report_path), read(summary_path))
run("analyze", "--profile", "wan2-1-ci-tiny")
if (read(report_path), read(summary_path)) != first:
    fail("a second run changed the files")

# 3. --run-id and --output-root choose the folder; same content.
out = run("analyze", "--profile", "wan2-1-ci-tiny", "--run-id", "my-run_1.0", "--output-root", "elsewhere")
other = os.path.join(scratch, "elsewhere", "my-run_1.0", "static_analysis", "wan2_1", "report.json")
if printed(out, "report") != os.path.join("elsewhere", "my-run_1.0", "static_analysis", "wan2_1", "report.json"):
    fail(f"--run-id: report printed at {printed(out, 'report')}")
if read(other) != first[0]:
    fail("--run-id run differs from the default run")

# 4. --stdout: the same JSON on standard output, no files.
fresh = os.path.join(scratch, "stdout-root")
out = run("analyze", "--profile", "wan2-1-ci-tiny", "--stdout", "--output-root", fresh)
if out.encode() != first[0]:
    fail("--stdout output differs from report.json")
if os.path.exists(fresh):
    fail("--stdout created the output root")

# 5. Guidance: calls = steps x 2, and steps x 1 with --guidance-scale 1.
for extra, calls in ((["--steps", "3"], 6), (["--steps", "3", "--guidance-scale", "1"], 3),
                     (["--steps", "7", "--guidance-scale", "7.5"], 14)):
    path = os.path.join(scratch, f"calls-{calls}.json")
    with open(path, "w") as f:
        f.write(run("analyze", "--profile", "wan2-1-ci-tiny", "--stdout", *extra))
    check(path, "--expect-dit-calls", str(calls))

# 5b. Step caching: 10 steps x 2 at 0.5 skip floor(5) = 5 steps -> dit 10 calls + dit_skipped 10,
#     a schema-valid report whose invariants hold (check_report.py: the *_skipped calls add up to
#     levers.skipped_forwards; their weights are not counted twice in the totals).
path = os.path.join(scratch, "cache-skip.json")
with open(path, "w") as f:
    f.write(run("analyze", "--profile", "wan2-1-ci-tiny", "--steps", "10", "--cache-skip", "0.5", "--device",
                "h100-sxm", "--stdout"))
check(path, "--self-test", "--expect-dit-calls", "10")
cached = json.loads(read(path))
if cached["stages"]["dit_skipped"]["calls"] != 10 or cached["levers"]["skipped_forwards"] != 10:
    fail("cache-skip: dit_skipped calls / skipped_forwards")
if cached["totals"]["parameters"] != 14_288_491_584 + 5_680_910_336 + 73_295_603:
    fail("cache-skip: run parameters count the DiT twice")

# 6. Overridden knobs name the default run id.
out = run("analyze", "--profile", "wan2-1-ci-tiny", "--steps", "3", "--guidance-scale", "1", "--frames", "5")
if printed(out, "run id") != "wan2.1-t2v-14b_wan2-1-ci-tiny_steps-3_guidance-1":
    fail(f"derived run id {printed(out, 'run id')}")

# 7. --device: schema-valid report with memory and time, the two charts next to summary.md and
#    linked from it.
out = run("analyze", "--profile", "wan2-1-ci-tiny", "--device", "h100-sxm")
if printed(out, "run id") != "wan2.1-t2v-14b_wan2-1-ci-tiny_device-h100-sxm":
    fail(f"device run id {printed(out, 'run id')}")
dev_folder = os.path.join(scratch, "tmp", "profile-output", "wan2.1-t2v-14b_wan2-1-ci-tiny_device-h100-sxm",
                          "static_analysis", "wan2_1")
if sorted(os.listdir(dev_folder)) != ["report.json", "roofline.svg", "stage_times.svg", "summary.md"]:
    fail(f"device run files: {sorted(os.listdir(dev_folder))}")
check(os.path.join(dev_folder, "report.json"), "--expect-dit-calls", "2")
r = json.loads(read(os.path.join(dev_folder, "report.json")))
if r["device"]["id"] != "h100-sxm" or r["device"]["memory_capacity"] != 80 * 2**30:
    fail(f"device object {r['device']}")
if r["hotspots"]["ranked_by"] != "time_s" or not r["time_s"] > 0:
    fail("device run: no time ranking")
# Offload (the default) moves the T5 (bf16, 5,680,910,336 x 2 B) and the fp32 DiT
# (14,288,491,584 x 4 B) in and out once each.
moved = 2 * 5_680_910_336 + 4 * 14_288_491_584
if r["transfers"]["h2d_bytes"] != moved or r["transfers"]["d2h_bytes"] != moved:
    fail(f"transfers {r['transfers']}")
summary = read(os.path.join(dev_folder, "summary.md")).decode()
for needle in ("![roofline](roofline.svg)", "![time per stage](stage_times.svg)", "## Execution and memory"):
    if needle not in summary:
        fail(f"device summary.md lacks {needle!r}")
for svg in ("roofline.svg", "stage_times.svg"):
    text = read(os.path.join(dev_folder, svg)).decode()
    if not text.startswith("<?xml") or "</svg>" not in text:
        fail(f"{svg} is not an SVG document")

# 8. Every model id of `wanmeter list` runs on its defaults (no flags), with and without a device,
#    and the reports pass the schema and the invariants.
listing = run("list")
models = []
section = None
for line in listing.splitlines():
    if not line.startswith(" "):
        section = line.rstrip(":")
    elif section == "models":
        models.append(line.split()[0])
if len(models) != 8:
    fail(f"expected the 8 Wan models in `wanmeter list`, got {models}")
for model in models:
    for extra in ([], ["--device", "h100-sxm"]):
        path = os.path.join(scratch, f"defaults-{model}{'-dev' if extra else ''}.json")
        with open(path, "w") as f:
            f.write(run("analyze", "--model", model, "--stdout", *extra))
        check(path)
        rr = json.loads(read(path))
        if rr["model"]["id"] != model or rr["model"]["config"] is not None:
            fail(f"{model}: model object")

print("integration: all checks passed")
