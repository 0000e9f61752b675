#!/usr/bin/env python3
"""Independent checks of a wanmeter report.json: the JSON Schema, then the report invariants
recomputed here from the module rows (nothing is taken from the C++ code).

  check_report.py --schema schema/report.schema.json report.json [--expect-dit-calls N]
  check_report.py --schema schema/report.schema.json report.json --self-test

--self-test also breaks the report in several ways and requires every broken copy to be rejected,
so the checks themselves are shown able to fail.
"""
import argparse
import copy
import json
import sys

try:
    import jsonschema
except ImportError:  # pragma: no cover
    sys.exit("check_report: the Python package jsonschema is missing "
             "(Debian: apt-get install python3-jsonschema, see scripts/setup-debian.sh)")

METRICS = ["tensor_flops", "vector_flops", "sfu_ops", "bytes_read", "bytes_written",
           "weight_bytes", "activation_bytes", "parameters"]
WORK = METRICS[:5]
LEAF_CATEGORIES = ["attention_proj", "attention_core", "mlp_proj", "conv", "other"]


class Invalid(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Invalid(msg)


def msum(rows, key):
    out = {m: 0 for m in METRICS}
    for r in rows:
        for m in METRICS:
            out[m] += r[key][m]
    return out


_validators = {}


def check_schema(report, schema):
    key = id(schema)
    if key not in _validators:
        _validators[key] = jsonschema.Draft202012Validator(schema)
    for e in _validators[key].iter_errors(report):  # lazily: the first error is enough
        raise Invalid(f"schema: {list(e.path)}: {e.message}")


def check(report, schema):
    try:
        check_invariants(report)
    except (KeyError, TypeError, IndexError, AttributeError, ValueError) as e:
        raise Invalid(f"malformed report: {type(e).__name__}: {e}")
    check_schema(report, schema)


def check_invariants(report):
    w, g, a = report["workload"], report["geometry"], report["model"]
    # Geometry from the workload and the architecture's strides (section "Token geometry").
    st, ss = a["vae_temporal_stride"], a["vae_spatial_stride"]
    pt, ph, pw = a["patch_size"]
    need(g["latent_frames"] == (w["frames"] - 1) // st + 1, "latent_frames")
    need(g["latent_height"] == w["height"] // ss and g["latent_width"] == w["width"] // ss, "latent size")
    need(g["tokens_per_frame"] == (g["latent_height"] // ph) * (g["latent_width"] // pw), "tokens_per_frame")
    need(g["dit_seq_len"] == -(-g["latent_frames"] // pt) * g["tokens_per_frame"], "dit_seq_len")
    need(g["batch_tokens"] == w["batch"] * g["dit_seq_len"], "batch_tokens")
    need(w["forwards_per_step"] == (1 if w["guidance_scale"] == 1 else 2), "forwards_per_step")

    mods = report["modules"]
    ids = [m["id"] for m in mods]
    need(len(ids) == len(set(ids)), "module ids are not unique")
    index = {m["id"]: i for i, m in enumerate(mods)}
    children = {m["id"]: [] for m in mods}
    stages = report["stages"]
    for i, m in enumerate(mods):
        stage = m["id"].split(".")[0]
        need(stage in stages, f"{m['id']}: no stage {stage}")
        need(m["calls"] == stages[stage]["calls"], f"{m['id']}: calls differ from its stage's")
        if m["parent"] is None:
            need(m["id"] == stage, f"{m['id']}: only a stage root has no parent")
        else:
            need(m["parent"] in index and index[m["parent"]] < i, f"{m['id']}: parent missing or after it")
            need(m["id"].rsplit(".", 1)[0] == m["parent"], f"{m['id']}: id is not parent + segment")
            children[m["parent"]].append(m)
        for f in WORK:
            need(m["total"][f] == m["per_call"][f] * m["calls"], f"{m['id']}: total.{f} != per_call x calls")
        for f in METRICS[5:]:
            need(m["total"][f] == m["per_call"][f], f"{m['id']}: footprint {f} scaled")
    for m in mods:
        kids = children[m["id"]]
        if kids:
            need(m["category"] == "module", f"{m['id']}: a parent's category must be module")
            for key in ("per_call", "total"):
                s = msum(kids, key)
                for f in METRICS:
                    need(s[f] == m[key][f], f"{m['id']}: {key}.{f} {m[key][f]} != sum of children {s[f]}")
        else:
            need(m["category"] in LEAF_CATEGORIES or m["kind"] == "module_list",
                 f"{m['id']}: leaf with category {m['category']}")

    totals = {f: 0 for f in METRICS}
    for name, s in stages.items():
        need(name in index and mods[index[name]]["parent"] is None, f"stage {name} has no root module")
        root = mods[index[name]]
        need(root["per_call"] == s["per_call"] and root["total"] == s["total"], f"stage {name} != its root module")
        for f in METRICS:
            # A skipped-forward stage runs its DiT stage's weights: counted once, there.
            if name.endswith("_skipped") and f in ("weight_bytes", "parameters"):
                continue
            totals[f] += s["total"][f]
    need(totals == report["totals"], "totals != sum of the stages")
    if "dit" in stages:
        # Step caching moves the skipped forwards into dit_skipped.
        skipped = stages.get("dit_skipped", {"calls": 0})["calls"]
        need(stages["dit"]["calls"] + skipped == w["steps"] * w["forwards_per_step"],
             "dit calls + dit_skipped calls != steps x forwards per step")
    skipped_stages = [n for n in stages if n.endswith("_skipped")]
    need(sum(stages[n]["calls"] for n in skipped_stages) == report["levers"]["skipped_forwards"],
         "the *_skipped stages' calls != levers.skipped_forwards")
    for n in skipped_stages:
        need(n[:-len("_skipped")] in stages, f"{n} runs without its DiT stage")

    leaves = [m for m in mods if not children[m["id"]] and m["category"] != "module"]
    timed = report["hotspots"]["ranked_by"] == "time_s"
    need(timed == (report.get("device") is not None), "hotspots are ranked by time exactly when a device is chosen")
    if timed:
        ranked = sorted(leaves, key=lambda m: (-m["time_s"], m["id"]))[:10]
    else:
        ranked = sorted(leaves, key=lambda m: (-m["total"]["tensor_flops"], m["id"]))[:10]
    got = report["hotspots"]["leaves"]
    need([m["id"] for m in ranked] == [h["id"] for h in got], "hotspot leaves are not the top 10 by (rank key, id)")
    for h, m in zip(got, ranked):
        need(h["total"] == m["total"] and h["category"] == m["category"], f"hotspot {h['id']} differs from its module")
        if timed:
            need(h["time_s"] == m["time_s"], f"hotspot {h['id']}: time differs from its module")
    cats = []
    for c in LEAF_CATEGORIES:
        rows = [m for m in leaves if m["category"] == c]
        cat = {"category": c, "leaves": len(rows), "total": msum(rows, "total")}
        if timed:
            cat["time_s"] = sum(m["time_s"] for m in rows)
        cats.append(cat)
    if timed:
        cats.sort(key=lambda c: (-c["time_s"], c["category"]))
        got_cats = report["hotspots"]["categories"]
        need([c["category"] for c in cats] == [c["category"] for c in got_cats], "hotspot categories not ranked by time")
        for c, h in zip(cats, got_cats):
            need(c["leaves"] == h["leaves"] and c["total"] == h["total"], f"category {c['category']} totals")
            need(close(c["time_s"], h["time_s"]), f"category {c['category']} time != sum of its leaves")
    else:
        cats.sort(key=lambda c: (-c["total"]["tensor_flops"], c["category"]))
        need(cats[:5] == report["hotspots"]["categories"], "hotspot categories differ from the leaves' sums")

    # Run information (memory always with the CLI; time with a device).
    if "memory" in report:
        mem = report["memory"]
        per_stage = {name: s["memory"] for name, s in stages.items()}
        peak = max(per_stage.values(), key=lambda m: m["peak_bytes"])
        need(mem["peak_bytes"] == peak["peak_bytes"], "memory.peak_bytes != the largest stage peak")
        need(per_stage[mem["peak_stage"]]["peak_bytes"] == mem["peak_bytes"], "memory.peak_stage")
        need(mem["peak_bytes"] == mem["weights_bytes"] + mem["peak_activation_bytes"], "peak = weights + activations")
        for name, m in per_stage.items():
            act = 0 if m["on_host"] else m["peak_activation_bytes"]
            need(m["peak_bytes"] == m["resident_weights_bytes"] + act, f"stage {name}: peak != resident + activations")
        if report.get("device") is None:
            need(mem["device_bytes"] is None and mem["fits"] is None, "device_bytes / fits without a device")
        else:
            need(mem["device_bytes"] == report["device"]["memory_capacity"], "device_bytes != the device's capacity")
            need(mem["fits"] == (mem["peak_bytes"] <= mem["device_bytes"]), "fits")
    if report.get("device") is not None:
        total = report["transfers"]["time_s"]
        lower = report["transfers"]["time_lower_bound_s"]
        for name, s in stages.items():
            root = mods[index[name]]
            if "compute_s" in s:  # a multi-GPU run: the rank's compute plus what communication adds
                need(s["compute_s"] == root["time_s"], f"stage {name}: compute != its root module's time")
                need(close(s["time_s"], s["compute_s"] + s["communication_s"]),
                     f"stage {name}: time != compute + communication")
            else:
                need(s["time_s"] == root["time_s"] and s["time_lower_bound_s"] == root["time_lower_bound_s"],
                     f"stage {name}: time != its root module's")
            need(s["time_lower_bound_s"] <= s["time_s"] * (1 + 1e-12), f"stage {name}: lower bound above the estimate")
            total += s["time_s"]
            lower += s["time_lower_bound_s"]
        need(close(total, report["time_s"]), "time_s != sum of stage times + transfers")
        need(close(lower, report["time_lower_bound_s"]), "time_lower_bound_s != sum of stage bounds + transfers")
        for m in mods:
            kids = children[m["id"]]
            if kids:
                need(close(sum(k["time_s"] for k in kids), m["time_s"]), f"{m['id']}: time_s != sum of children")
                need(close(sum(k["time_lower_bound_s"] for k in kids), m["time_lower_bound_s"]),
                     f"{m['id']}: time_lower_bound_s != sum of children")
            need(m["time_s"] >= 0 and m["time_lower_bound_s"] <= m["time_s"] * (1 + 1e-12) + 1e-300,
                 f"{m['id']}: lower bound above the estimate")


def close(a, b):
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-30)


def self_test(report, schema):
    def broken(fn):
        r = copy.deepcopy(report)
        fn(r)
        return r

    last = len(report["modules"]) - 1
    cases = {
        "negative metric": lambda r: r["modules"][1]["per_call"].__setitem__("tensor_flops", -1),
        "non-integer metric": lambda r: r["totals"].__setitem__("bytes_read", 1.5),
        "missing key": lambda r: r.pop("hotspots"),
        "wrong schema id": lambda r: r.__setitem__("schema", "wanmeter.report/0"),
        "child changed": lambda r: r["modules"][last]["per_call"].__setitem__(
            "vector_flops", r["modules"][last]["per_call"]["vector_flops"] + 1),
        "duplicate id": lambda r: r["modules"][2].__setitem__("id", r["modules"][1]["id"]),
        "totals off": lambda r: r["totals"].__setitem__("tensor_flops", r["totals"]["tensor_flops"] + 1),
        "calls off": lambda r: r["stages"]["dit"].__setitem__("calls", r["stages"]["dit"]["calls"] + 1),
        "hotspots reordered": lambda r: r["hotspots"]["leaves"].reverse(),
    }
    for name, fn in cases.items():
        try:
            check(broken(fn), schema)
        except Invalid:
            continue
        raise Invalid(f"self-test: a report with '{name}' was accepted")
    # The schema on its own rejects what it is meant to.
    schema_cases = ["negative metric", "non-integer metric", "missing key", "wrong schema id"]
    schema_cases_extra = {
        "unknown category": lambda r: r["modules"][1].__setitem__("category", "matmul"),
        "metric as string": lambda r: r["stages"]["dit"]["per_call"].__setitem__("sfu_ops", "12"),
        "extra metric": lambda r: r["totals"].__setitem__("tflops", 1),
    }
    for name, fn in [(n, cases[n]) for n in schema_cases] + list(schema_cases_extra.items()):
        try:
            check_schema(broken(fn), schema)
        except Invalid:
            continue
        raise Invalid(f"self-test: the schema accepted a report with '{name}'")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--schema", required=True)
    p.add_argument("report")
    p.add_argument("--expect-dit-calls", type=int)
    p.add_argument("--self-test", action="store_true")
    args = p.parse_args()
    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    with open(args.report, encoding="utf-8") as f:
        report = json.load(f)
    try:
        check(report, schema)
        if args.expect_dit_calls is not None:
            need(report["stages"]["dit"]["calls"] == args.expect_dit_calls,
                 f"dit calls {report['stages']['dit']['calls']} != expected {args.expect_dit_calls}")
        if args.self_test:
            self_test(report, schema)
    except Invalid as e:
        sys.exit(f"check_report: {args.report}: {e}")
    print(f"check_report: {args.report}: valid ({len(report['modules'])} modules)")


if __name__ == "__main__":
    main()
