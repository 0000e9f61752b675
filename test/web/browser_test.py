#!/usr/bin/env python3
"""The web calculator in a real browser (Debian's chromium, headless), against the CLI.

For each permalink (a URL hash of `wanmeter analyze` flags) the built page (build/web/site) is
loaded and every element carrying data-metric="<report.json key path>" is checked against
`wanmeter analyze --stdout` for the same flags: integers and strings equal as text, floating
values equal as doubles, null and booleans as JSON writes them. The page's report.json download
must hash (SHA-256) to the CLI's standard output byte for byte. The same for the plan mode
(`#plan&<flags of wanmeter plan>`) against `wanmeter plan --stdout`: every figure (best plan,
front rows, advice, counts) is plan.json's, the front table has as many rows as the CLI's front,
plan.json, plan.md and pareto.svg are the CLI's bytes, and the best plan's link opens the analyze
view with the CLI's arguments (checked against `wanmeter analyze` with them). Bad inputs must show the CLI's
message (its stderr line, less " (see wanmeter --help)") next to the field named by the error, or
in the banner when no field is. Then the basics of access: every control has a label or a name,
Tab walks the controls in document order (no positive tabindex), and text contrast is at least
4.5:1 (3:1 for large text). Speed is measured and printed (first result after load, recompute
after a hash change, .wasm size); the gates are the issue's targets x 5 so that a loaded CI
machine does not fail it, the measured figures are what docs/web.md records.

The browser is driven through the DevTools protocol over a pipe (--remote-debugging-pipe:
NUL-terminated JSON on file descriptors 3 and 4), with the standard library only.

  test/web/browser_test.py --site build/web/site --cli build/gcc/src/cli/wanmeter [--screenshot docs/web.png]
                           [--plan-screenshot docs/web-plan.png]
"""
import argparse
import functools
import hashlib
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

PERMALINKS = [
    "model=wan2.1-t2v-1.3b",
    "model=wan2.1-t2v-14b&profile=wan2-1-720p&device=h100-sxm",
    "model=wan2.2-t2v-a14b&device=h100-sxm&weight-dtype=bf16",
    "model=wan2.1-i2v-14b-480p&image-size=1024x768&device=a100-80gb-sxm",
    "model=wan2.1-flf2v-14b&frames=41&steps=20&device=h200-sxm&exec=fused",
    "model=wan2.2-i2v-a14b&device=b200&no-offload&attention=fa3&shift=8",
    "model=wan2.2-ti2v-5b&image-input&device=rtx-4090&t5-cpu",
    "model=wan2.2-ti2v-5b&height=704&width=1280&device=l40s&host-memory=pinned&allow-tf32",
    "model=wan2.1-t2v-14b&profile=wan2-1-ci-tiny&device=h20&guidance-scale=1",
    "model=wan2.1-i2v-14b-720p&device=rtx-5090&weight-dtype=fp8&batch=2",
    "model=wan2.1-t2v-1.3b&profile=wan2-1-480p&device=a100-40gb-sxm&exec=fused&guidance-scale=7.5",
    "model=wan2.1-t2v-14b&device=h800-sxm&exec=fused&weight-dtype=fp8",
    "model=wan2.2-t2v-a14b&device=a800-80gb-sxm&no-offload&steps=10",
    "model=wan2.1-t2v-14b&device=h100-sxm&ulysses-size=8&dit-fsdp&t5-fsdp",
    "model=wan2.1-t2v-1.3b&profile=wan2-1-480p&device=rtx-4090&ring-size=4&interconnect=pcie4-no-p2p",
    "model=wan2.1-t2v-14b&profile=wan2-1-480p&device=rtx-4090&weight-dtype=bf16&offload=block&vae-tiling",
    "",  # the CLI's defaults
]
# Plan questions (`#plan&` + the flags of `wanmeter plan`): a best plan on one device and the default
# GPU counts (2432 candidates), two devices with limits, lossy options and a price (9728
# candidates, 7 MB of plan.json), an image-to-video question with offload in the front, the
# Wan2.2 A14B on two devices with a host RAM limit, and one where nothing fits (the advice).
PLAN_PERMALINKS = [
    "plan&model=wan2.1-t2v-14b&device=h100-sxm",
    "plan&model=wan2.1-t2v-1.3b&device=rtx-4090,l40s&gpus=1,2&vram-gb=20&allow-lossy&price-per-gpu-hour=0.7",
    "plan&model=wan2.2-ti2v-5b&image-input&device=rtx-4090&gpus=1,2&host-ram-gb=64&vram-gb=16",
    "plan&model=wan2.2-t2v-a14b&device=h100-sxm,h20&gpus=1,8&frames=121&host-ram-gb=200",
    "plan&model=wan2.1-t2v-14b&device=rtx-4090&gpus=1&host-ram-gb=16",
]
PLAN_BAD = [
    ("plan", "device"),
    ("plan&device=h100", "device"),
    ("plan&device=h100-sxm&gpus=1,,2", "gpus"),
    ("plan&device=h100-sxm&vram-gb=abc", "vram-gb"),
    ("plan&device=h100-sxm&frames=80", "frames"),
    ("plan&device=h100-sxm&foo=1", None),
    ("plan&device=h100-sxm&allow-lossy=1", None),
]
# Bad inputs: (hash, the field whose message it is, or None for the banner).
BAD = [
    ("frames=80", "frames"),
    ("guidance-scale=abc", "guidance-scale"),
    ("device=h100", "device"),
    ("model=wan2.1-i2v-14b-480p&image-size=1x2000", "image-size"),
    ("foo=1", None),
    ("t5-cpu=1", None),
    ("image-input", "image-input"),
    ("shift=0", "shift"),
    ("steps=99999999999999999999999", "steps"),
]
# Switches are flags without a value (the CLI's flag table, src/cli/request.hpp).
SWITCHES = {"image-input", "no-offload", "vae-tiling", "t5-cpu", "allow-tf32", "cfg-parallel", "dit-fsdp", "t5-fsdp",
            "parallel-vae", "distilled", "stdout", "help", "allow-lossy"}
SPEED_FIRST_RESULT_MS = 1000.0
SPEED_RECOMPUTE_MS = 50.0
SPEED_PLAN_MS = 200.0  # a plan question answered in the page (the CLI's search: < 100 ms, issue 11)
SPEED_WASM_BYTES = 2 * 1024 * 1024
GATE = 5.0

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg, flush=True)


def pairs_of(h):
    out = []
    for part in h.split("&"):
        if not part:
            continue
        n, eq, v = part.partition("=")
        out.append((urllib.parse.unquote(n), urllib.parse.unquote(v)))
    return out


def cli_args(h):
    args = []
    for n, v in pairs_of(h):
        if n in SWITCHES and v == "":
            args.append("--" + n)
        elif n in SWITCHES:
            args.append("--" + n + "=" + v)
        else:
            args += ["--" + n, v]
    return args


def command_of(h):
    """The CLI command and the flags of a hash: `plan&...` is `wanmeter plan`."""
    if h == "plan" or h.startswith("plan&"):
        return "plan", h[len("plan&"):] if h.startswith("plan&") else ""
    return "analyze", h


def run_cli(cli, h):
    cmd, flags = command_of(h)
    p = subprocess.run([cli, cmd] + cli_args(flags) + ["--stdout"], capture_output=True)
    return p.returncode, p.stdout, p.stderr.decode()


class Browser:
    """Chromium over --remote-debugging-pipe."""

    def __init__(self, exe, profile):
        self.to_r, self.to_w = os.pipe()
        self.from_r, self.from_w = os.pipe()
        flags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe", "--no-first-run", "--disable-dev-shm-usage",
                 "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                 "--user-data-dir=" + profile, "--window-size=1400,1000", "about:blank"]
        cmd = "exec {} {} 3<&{} 4>&{}".format(exe, " ".join(flags), self.to_r, self.from_w)
        self.proc = subprocess.Popen(["bash", "-c", cmd], pass_fds=(self.to_r, self.from_w),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(self.to_r)
        os.close(self.from_w)
        self.buf = b""
        self.next_id = 0
        self.session = None

    def send(self, method, params=None, session=True, timeout=60):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.to_w, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            while b"\0" in self.buf:
                raw, self.buf = self.buf.split(b"\0", 1)
                m = json.loads(raw)
                if m.get("id") == self.next_id:
                    if "error" in m:
                        raise RuntimeError("{}: {}".format(method, m["error"]))
                    return m.get("result", {})
            if time.time() > deadline:
                raise TimeoutError(method)
            chunk = os.read(self.from_r, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe (is the `chromium` package installed and working?)")
            self.buf += chunk

    def open_page(self):
        t = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        a = self.send("Target.attachToTarget", {"targetId": t["targetId"], "flatten": True}, session=False)
        self.session = a["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1400, "height": 1000, "deviceScaleFactor": 1, "mobile": False})

    def eval(self, expr, await_promise=False):
        r = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": await_promise})
        if "exceptionDetails" in r:
            raise RuntimeError("page: " + json.dumps(r["exceptionDetails"])[:500])
        return r["result"].get("value")

    def wait(self, expr, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                v = self.eval(expr)
            except RuntimeError:  # the document is being replaced
                v = None
            if v:
                return v
            time.sleep(0.02)
        raise TimeoutError(expr)

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def serve(site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def lookup(doc, path):
    o = doc
    for k in path.split("."):
        if isinstance(o, list):
            o = o[int(k)]
        elif isinstance(o, dict):
            if k not in o:
                raise KeyError(path)
            o = o[k]
        else:
            raise KeyError(path)
    return o


def same(expected, text):
    if expected is None:
        return text == "null"
    if isinstance(expected, bool):
        return text == ("true" if expected else "false")
    if isinstance(expected, int):
        return text == str(expected)
    if isinstance(expected, float):
        try:
            return float(text) == expected
        except ValueError:
            return False
    return text == expected


METRICS_JS = "JSON.stringify([...document.querySelectorAll('%s [data-metric]')].map(e => [e.dataset.metric, e.dataset.value]))"
SHA_JS = """(async () => {
  const a = document.getElementById(%s);
  const b = await (await fetch(a.href)).arrayBuffer();
  const d = await crypto.subtle.digest('SHA-256', b);
  return [...new Uint8Array(d)].map(x => x.toString(16).padStart(2, '0')).join('') + ' ' + b.byteLength;
})()"""


def check_metrics(b, cli_doc, label, required, root="#results"):
    items = json.loads(b.eval(METRICS_JS % root))
    paths = {p for p, _ in items}
    for p in required:
        if p not in paths:
            fail("{}: no element shows {}".format(label, p))
    bad = 0
    for path, value in items:
        try:
            exp = lookup(cli_doc, path)
        except (KeyError, IndexError, ValueError):
            fail("{}: data-metric {} is not a key of report.json".format(label, path))
            bad += 1
            continue
        if isinstance(exp, (dict, list)) or not same(exp, value):
            fail("{}: {} shows {!r}, the CLI says {!r}".format(label, path, value, exp))
            bad += 1
        if bad > 10:
            break
    return len(items)


def load(b, base, h, n):
    url = "{}?load={}#{}".format(base, n, h) if h else "{}?load={}".format(base, n)
    b.send("Page.navigate", {"url": url})
    return b.wait("(location.search === '?load={}' && document.documentElement.dataset.state) || ''".format(n))


def check_access(b):
    js = r"""(() => {
  const out = [];
  const controls = [...document.querySelectorAll('input, select, textarea, button, a[href]')].filter(e => e.offsetParent !== null);
  for (const c of controls) {
    let name = '';
    if (c.labels && c.labels.length) name = [...c.labels].map(l => l.textContent).join(' ');
    name = (name || c.getAttribute('aria-label') || (c.tagName === 'BUTTON' || c.tagName === 'A' ? c.textContent : '')).trim();
    if (!name) out.push('no accessible name: ' + c.outerHTML.slice(0, 120));
  }
  for (const e of document.querySelectorAll('[tabindex]')) if (e.tabIndex > 0) out.push('positive tabindex: ' + e.outerHTML.slice(0, 80));
  const rgb = s => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(',').map(Number); return p.length === 4 && p[3] === 0 ? null : p; };
  const lum = p => { const c = p.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
  const bg = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c) return c; } return [255, 255, 255]; };
  let checked = 0;
  const seen = new Set();
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('svg') || e.offsetParent === null) continue;
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const st = getComputedStyle(e);
    const fg = rgb(st.color), b = bg(e);
    const l1 = lum(fg), l2 = lum(b);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    checked++;
    const key = st.color + '|' + b.join(',');
    if (ratio < (large ? 3 : 4.5) && !seen.has(key)) { seen.add(key); out.push('contrast ' + ratio.toFixed(2) + ' for ' + e.tagName + ' "' + e.textContent.trim().slice(0, 40) + '"'); }
  }
  return JSON.stringify({problems: out, checked, controls: controls.length});
})()"""
    r = json.loads(b.eval(js))
    for p in r["problems"]:
        fail("access: " + p)
    # Focus order: Tab from the top visits the focusable controls in document order.
    expected = json.loads(b.eval("""JSON.stringify([...document.querySelectorAll('input, select, button, a[href]')]
        .filter(e => e.offsetParent !== null && !e.disabled && e.tabIndex >= 0).slice(0, 40)
        .map(e => e.id || e.outerHTML.slice(0, 60)))"""))
    b.eval("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); true")
    got = []
    for _ in range(len(expected)):
        for t in ("keyDown", "keyUp"):
            b.send("Input.dispatchKeyEvent", {"type": t, "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9})
        got.append(b.eval("(e => e.id || e.outerHTML.slice(0, 60))(document.activeElement)"))
    if got != expected:
        for i, (g, e) in enumerate(zip(got, expected)):
            if g != e:
                fail("focus order: Tab #{} reached {!r}, document order says {!r}".format(i + 1, g, e))
                break
    print("access: {} controls named, {} text elements checked for contrast, Tab order over {} controls"
          .format(r["controls"], r["checked"], len(expected)), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", required=True)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    ap.add_argument("--screenshot")
    ap.add_argument("--plan-screenshot")
    args = ap.parse_args()
    wasm_bytes = os.path.getsize(os.path.join(args.site, "wanmeter.wasm"))
    srv = serve(args.site)
    base = "http://127.0.0.1:{}/".format(srv.server_address[1])
    profile = tempfile.mkdtemp(prefix="wanmeter-chromium-")
    b = Browser(args.chromium, profile)
    first, recompute, plan_recompute, plan_parts = [], [], [], []
    n = 0
    try:
        b.send("Browser.getVersion", session=False, timeout=60)
        b.open_page()
        for h in PERMALINKS:
            n += 1
            rc, out, err = run_cli(args.cli, h)
            if rc != 0:
                fail("CLI failed for #{}: {}".format(h, err.strip()))
                continue
            doc = json.loads(out)
            state = load(b, base, h, n)
            if state != "ok":
                fail("#{}: the page says {}: {}".format(h, state, b.eval("document.getElementById('status').textContent")))
                continue
            first.append(float(b.eval("document.documentElement.dataset.firstResultMs")))
            required = ["memory.peak_bytes", "totals.tensor_flops", "workload.frames"]
            if doc["device"] is not None:
                required += ["time_s", "memory.fits", "memory.device_bytes"]
            count = check_metrics(b, doc, "#" + h, required)
            sha = b.eval(SHA_JS % "'dl-report'", await_promise=True)
            want = "{} {}".format(hashlib.sha256(out).hexdigest(), len(out))
            if sha != want:
                fail("#{}: report.json download {} differs from the CLI's {}".format(h, sha, want))
            charts = b.eval("document.querySelectorAll('#charts svg').length")
            if doc["device"] is not None and charts != 2:
                fail("#{}: {} charts shown, 2 expected".format(h, charts))
            # The other artifacts, as the CLI writes them into its run folder.
            with tempfile.TemporaryDirectory() as root:
                subprocess.run([args.cli, "analyze"] + cli_args(h) + ["--output-root", root, "--run-id", "web"],
                               check=True, capture_output=True)
                folder = os.path.join(root, "web", "static_analysis", "wan2_1" if doc["model"]["version"] == "wan2.1" else "wan2_2")
                files = [("summary.md", None)]
                if doc["device"] is not None:
                    files += [("roofline.svg", "'dl-roofline'"), ("stage_times.svg", "'dl-stages'")]
                for name, link in files:
                    with open(os.path.join(folder, name), "rb") as f:
                        want_bytes = f.read()
                    if link:
                        got = b.eval(SHA_JS % link, await_promise=True)
                    else:
                        text = b.eval("window.wanmeterPage.summaryMarkdown()").encode()
                        got = "{} {}".format(hashlib.sha256(text).hexdigest(), len(text))
                    if got != "{} {}".format(hashlib.sha256(want_bytes).hexdigest(), len(want_bytes)):
                        fail("#{}: {} differs from the CLI's".format(h, name))
            print("ok   #{}: {} figures equal to the CLI's; report.json ({} bytes), summary.md{} identical".format(
                h, count, len(out), " and the SVG charts" if doc["device"] is not None else ""), flush=True)
        # Recompute: change the hash in the loaded page (no reload), as editing a field does.
        for h in PERMALINKS[:8] * 2:
            b.eval("location.hash = {}; true".format(json.dumps("#" + h + ("&" if h else "") + "batch=1")))
            b.wait("document.documentElement.dataset.state === 'ok' && decodeURIComponent(location.hash).endsWith('batch=1')")
            b.eval("location.hash = {}; true".format(json.dumps("#" + h)))
            b.wait("document.documentElement.dataset.state === 'ok' && !location.hash.endsWith('batch=1')")
            recompute.append(float(b.eval("document.documentElement.dataset.lastComputeMs")))
        # The whole module tree of the largest report, every row and figure.
        h = "model=wan2.2-i2v-a14b&device=b200&no-offload&attention=fa3&shift=8"
        n += 1
        load(b, base, h, n)
        b.eval("document.getElementById('expand-all').click(); true")
        rows = b.eval("document.querySelectorAll('#modules tbody tr').length")
        doc = json.loads(run_cli(args.cli, h)[1])
        if rows != len(doc["modules"]):
            fail("expand all: {} rows, report.json has {} modules".format(rows, len(doc["modules"])))
        count = check_metrics(b, doc, "#" + h + " (all rows)", ["modules.0.time_s"])
        # Sorting by time (descending): the slowest stage first, and under it its slowest child.
        b.eval("document.querySelector('#modules th[data-key=time_s] button').click(); true")
        ids = b.eval("[...document.querySelectorAll('#modules tbody tr:nth-child(-n+2) [data-metric$=\\'.id\\']')].map(e => e.dataset.value)")
        roots = [m for m in doc["modules"] if m["parent"] is None]
        slowest = max(roots, key=lambda m: m["time_s"])
        kids = [m for m in doc["modules"] if m["parent"] == slowest["id"]]
        want = [slowest["id"], max(kids, key=lambda m: m["time_s"])["id"]]
        if ids != want:
            fail("sort by time: the first rows are {}, the CLI's report says {}".format(ids, want))
        print("ok   all {} module rows: {} figures equal to the CLI's; sorting by time holds".format(rows, count),
              flush=True)
        # Bad inputs: the CLI's message, next to the field it names.
        for h, field in BAD:
            n += 1
            rc, _, err = run_cli(args.cli, h)
            want = err.strip().replace(" (see wanmeter --help)", "")
            state = load(b, base, h, n)
            where = "e-" + field if field else "banner"
            shown = b.eval("document.getElementById({}).textContent".format(json.dumps(where)))
            code = b.eval("document.documentElement.dataset.exitCode")
            if state != "error" or shown != want or code != str(rc):
                fail("#{}: the page shows {!r} in #{} (exit {}), the CLI says {!r} (exit {})".format(
                    h, shown, where, code, want, rc))
            else:
                print("ok   #{}: {}".format(h, shown), flush=True)
        # Plan mode: the page against `wanmeter plan --stdout` for the same question.
        for h in PLAN_PERMALINKS:
            n += 1
            rc, out, err = run_cli(args.cli, h)
            if rc != 0:
                fail("CLI failed for #{}: {}".format(h, err.strip()))
                continue
            doc = json.loads(out)
            state = load(b, base, h, n)
            if state != "ok":
                fail("#{}: the page says {}: {}".format(h, state, b.eval("document.getElementById('plan-status').textContent")))
                continue
            first.append(float(b.eval("document.documentElement.dataset.firstResultMs")))
            required = ["counts.candidates", "counts.fits", "counts.pareto"]
            if doc["best"] is not None:
                required += ["best.time_s", "best.gpus", "best.device", "best.peak_bytes", "best.host_bytes"]
            elif doc["advice"]["changes"]:
                required += ["advice.recommended", "advice.changes.0.candidate.time_s"]
            count = check_metrics(b, doc, "#" + h, required, root="#plan-results")
            front = [c for c in doc["candidates"] if c["pareto"]]
            rows = b.eval("document.querySelectorAll('#plan-front tbody tr').length")
            if rows != len(front) or rows != doc["counts"]["pareto"]:
                fail("#{}: {} front rows on the page, the CLI's front has {}".format(h, rows, len(front)))
            best_shown = b.eval("(e => e ? e.dataset.value : 'null')(document.querySelector('#plan-headline [data-metric=\"best.time_s\"]'))")
            best_cli = "null" if doc["best"] is None else doc["best"]["time_s"]
            if not same(None if best_cli == "null" else best_cli, best_shown):
                fail("#{}: best plan {} s on the page, {} s by the CLI".format(h, best_shown, best_cli))
            sha = b.eval(SHA_JS % "'dl-plan-json'", await_promise=True)
            if sha != "{} {}".format(hashlib.sha256(out).hexdigest(), len(out)):
                fail("#{}: plan.json download {} differs from the CLI's".format(h, sha))
            with tempfile.TemporaryDirectory() as root:
                subprocess.run([args.cli, "plan"] + cli_args(command_of(h)[1]) + ["--output-root", root, "--run-id", "web"],
                               check=True, capture_output=True)
                for name, got in (("plan.md", None), ("pareto.svg", "'dl-pareto'")):
                    with open(os.path.join(root, "web", "plan", name), "rb") as f:
                        want_bytes = f.read()
                    if got:
                        got = b.eval(SHA_JS % got, await_promise=True)
                    else:
                        text = b.eval("window.wanmeterPage.planMarkdown()").encode()
                        got = "{} {}".format(hashlib.sha256(text).hexdigest(), len(text))
                    if got != "{} {}".format(hashlib.sha256(want_bytes).hexdigest(), len(want_bytes)):
                        fail("#{}: {} differs from the CLI's".format(h, name))
            # The best plan's (or the recommended change's) link: the analyze view of its arguments.
            target = doc["best"] or (doc["advice"]["changes"][0]["candidate"] if doc["advice"]["changes"] else None)
            followed = ""
            if target is not None:
                b.eval("document.querySelector('#plan-best-args a.analyze-link, #plan-none a.analyze-link').click(); true")
                b.wait("document.documentElement.dataset.state === 'ok' && !location.hash.startsWith('#plan') && "
                       "!document.getElementById('results').hidden")
                page_hash = b.eval("location.hash").lstrip("#")
                if cli_args(page_hash) != target["args"]:
                    fail("#{}: the analyze link opens #{}, the CLI's arguments are {}".format(h, page_hash, target["args"]))
                arc, aout, aerr = run_cli(args.cli, page_hash)
                if arc != 0:
                    fail("#{}: `wanmeter analyze` of the plan's arguments failed: {}".format(h, aerr.strip()))
                else:
                    adoc = json.loads(aout)
                    check_metrics(b, adoc, "#" + page_hash + " (from the plan)", ["time_s", "memory.peak_bytes"])
                    followed = "; its analyze link shows time {} s (the plan's {} s)".format(adoc["time_s"], target["time_s"])
            print("ok   #{}: {} figures equal to the CLI's; best {}; {} front rows; plan.json ({} bytes), plan.md and pareto.svg identical{}".format(
                h, count, best_cli, rows, len(out), followed), flush=True)
        # The device checkboxes: the flag lists the ids in the order checked, and the mode switch
        # carries the workload and the first device to the analyze view.
        n += 1
        load(b, base, "plan&device=h20,h100-sxm&gpus=1&frames=41", n)
        b.eval("document.getElementById('pf-device-rtx-4090').click(); true")
        b.wait("decodeURIComponent(location.hash) === '#plan&frames=41&device=h20,h100-sxm,rtx-4090&gpus=1' && "
               "document.documentElement.dataset.state === 'ok' && "
               "document.getElementById('plan-status').textContent.includes('device-h20.h100-sxm.rtx-4090')")
        b.eval("document.getElementById('pf-device-h20').click(); true")
        b.wait("decodeURIComponent(location.hash) === '#plan&frames=41&device=h100-sxm,rtx-4090&gpus=1'")
        b.eval("document.getElementById('mode-analyze').click(); true")
        b.wait("location.hash === '#frames=41&device=h100-sxm' && document.documentElement.dataset.state === 'ok' && "
               "!document.getElementById('results').hidden")
        print("ok   the device checkboxes keep the order checked; the mode switch carries the workload", flush=True)
        # Plan recompute: a hash change in the loaded page.
        n += 1
        load(b, base, PLAN_PERMALINKS[0], n)
        for h in PLAN_PERMALINKS[:1] + PLAN_PERMALINKS[2:] + PLAN_PERMALINKS[:1] + PLAN_PERMALINKS[2:]:
            b.eval("location.hash = {}; true".format(json.dumps("#" + h + "&batch=1")))
            b.wait("document.documentElement.dataset.state === 'ok' && decodeURIComponent(location.hash).endsWith('batch=1')")
            b.eval("location.hash = {}; true".format(json.dumps("#" + h)))
            b.wait("document.documentElement.dataset.state === 'ok' && !location.hash.endsWith('batch=1')")
            plan_recompute.append(float(b.eval("document.documentElement.dataset.lastComputeMs")))
            plan_parts.append(json.loads(b.eval("JSON.stringify(window.wanmeterPage.perf.last)")))
        for h, field in PLAN_BAD:
            n += 1
            rc, _, err = run_cli(args.cli, h)
            want = err.strip().replace(" (see wanmeter --help)", "")
            state = load(b, base, h, n)
            where = "pe-" + field if field else "plan-banner"
            shown = b.eval("document.getElementById({}).textContent".format(json.dumps(where)))
            code = b.eval("document.documentElement.dataset.exitCode")
            if state != "error" or shown != want or code != str(rc):
                fail("#{}: the page shows {!r} in #{} (exit {}), the CLI says {!r} (exit {})".format(
                    h, shown, where, code, want, rc))
            else:
                print("ok   #{}: {}".format(h, shown), flush=True)
        # Labels, focus order, contrast (on a timed result, so that every section is shown), and
        # on a plan with a best plan and on one where nothing fits.
        for h in (PERMALINKS[2], PLAN_PERMALINKS[1], PLAN_PERMALINKS[-1]):
            n += 1
            load(b, base, h, n)
            check_access(b)
        if args.screenshot:
            n += 1
            load(b, base, "model=wan2.2-t2v-a14b&device=h100-sxm&weight-dtype=bf16", n)
            b.send("Emulation.setDeviceMetricsOverride", {"width": 1400, "height": 1200, "deviceScaleFactor": 1, "mobile": False})
            b.eval("document.querySelector('#modules tbody tr:nth-child(2) button.toggle')?.click(); true")
            time.sleep(0.3)
            png = b.send("Page.captureScreenshot", {"format": "png"})["data"]
            import base64
            with open(args.screenshot, "wb") as f:
                f.write(base64.b64decode(png))
            print("screenshot: " + args.screenshot)
        if args.plan_screenshot:
            n += 1
            load(b, base, "plan&model=wan2.2-t2v-a14b&device=h100-sxm,h20&gpus=1,8&frames=121&host-ram-gb=200", n)
            b.send("Emulation.setDeviceMetricsOverride", {"width": 1400, "height": 1200, "deviceScaleFactor": 1, "mobile": False})
            time.sleep(0.3)
            png = b.send("Page.captureScreenshot", {"format": "png"})["data"]
            import base64
            with open(args.plan_screenshot, "wb") as f:
                f.write(base64.b64decode(png))
            print("screenshot: " + args.plan_screenshot)
    finally:
        b.close()
        srv.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    # Speed.
    fr = statistics.median(first) if first else float("inf")
    rec = statistics.median(recompute) if recompute else float("inf")
    print("speed: first result after load: median {:.0f} ms, max {:.0f} ms over {} loads (target < {:.0f} ms)".format(
        fr, max(first or [0]), len(first), SPEED_FIRST_RESULT_MS))
    print("speed: recompute after an input change: median {:.1f} ms, max {:.1f} ms over {} (target < {:.0f} ms)".format(
        rec, max(recompute or [0]), len(recompute), SPEED_RECOMPUTE_MS))
    prec = statistics.median(plan_recompute) if plan_recompute else float("inf")
    print("speed: plan recompute after an input change: median {:.1f} ms, max {:.1f} ms over {} (target < {:.0f} ms)".format(
        prec, max(plan_recompute or [0]), len(plan_recompute), SPEED_PLAN_MS))
    if plan_parts:
        print("speed: plan recompute, medians: {:.1f} ms in the wasm (parse, search, plan.json and SVG), {:.1f} ms reading "
              "plan.json, {:.1f} ms drawing".format(*(statistics.median(p[k] for p in plan_parts)
                                                      for k in ("wasm_ms", "parse_ms", "render_ms"))))
    print("speed: wanmeter.wasm {} bytes (target < {} bytes)".format(wasm_bytes, SPEED_WASM_BYTES))
    if wasm_bytes >= SPEED_WASM_BYTES:
        fail(".wasm is {} bytes, over 2 MiB".format(wasm_bytes))
    if fr > GATE * SPEED_FIRST_RESULT_MS or rec > GATE * SPEED_RECOMPUTE_MS or prec > GATE * SPEED_PLAN_MS:
        fail("speed more than {}x over the targets".format(GATE))
    if failures:
        print("web test: {} failure(s)".format(len(failures)))
        return 1
    print("web test: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
