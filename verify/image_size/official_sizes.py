#!/usr/bin/env python3
"""Output size of the image-conditioned Wan pipelines, evaluated the way the official code does.

The official pipelines derive the video size from the input image in float64 (NumPy / Python
floats). This script evaluates the same arithmetic, operation for operation, and independently
the exact-integer version of the same formula, and writes the table the C++ runtime test
(test/runtime/image_size_tests.cpp) checks `image_conditioned_size` / `ti2v_output_size` against.
No official code is imported or copied; the expressions below restate them:

  Wan2.1 wan/image2video.py, wan/first_last_frame2video.py and Wan2.2 wan/image2video.py
  (vae_stride 8, patch 2; h, w = the image's height and width):
      aspect_ratio = h / w                                     # Python float division
      lat_h = round(np.sqrt(max_area * aspect_ratio) // 8 // 2 * 2)
      lat_w = round(np.sqrt(max_area / aspect_ratio) // 8 // 2 * 2)
      output = (lat_h * 8) x (lat_w * 8)
  Wan2.2 wan/textimage2video.py (TI2V-5B with an image) calls wan/utils/utils.py
  best_output_size(iw, ih, 32, 32, max_area): ratio = w / h, ow = (A * ratio) ** 0.5,
  oh = A / ow, then the width-first candidate (ow // 32 * 32, A / ow1 // 32 * 32) and the
  height-first one, keeping the one whose aspect ratio is closer (strict <, else height-first).

Maximum areas (wan/configs MAX_AREA_CONFIGS): 480P 480*832 = 399360, 720P 720*1280 = 921600,
TI2V-5B 704*1280 = 901120.

Usage:
  official_sizes.py table [--out FILE]      write the comparison table (CSV)
  official_sizes.py differences             Markdown list of every image ratio (sides <= 65536)
                                            where the float64 result differs from the exact one
  official_sizes.py scan N                  brute force: every image w x h <= N x N that differs
                                            (a cross-check of `differences`)
  official_sizes.py float-ops --out FILE    Python's //, math.fmod, math.sqrt, round on random
                                            and edge-case doubles (float.hex), for the C++ test
  official_sizes.py powcheck N              TI2V: the size with ** 0.5 (glibc pow) equals the
                                            size with a correctly rounded sqrt on every hit
                                            ratio and for every w, h <= N
"""
import argparse
import math
import random
import sys
from fractions import Fraction

import numpy as np

AREA_480P = 480 * 832
AREA_720P = 720 * 1280
AREA_TI2V = 704 * 1280

# name, formula, max_area
CASES = [
    ("wan2.1-i2v-480p", "i2v", AREA_480P),
    ("wan2.1-i2v-720p", "i2v", AREA_720P),
    ("wan2.1-flf2v-480p", "i2v", AREA_480P),
    ("wan2.1-flf2v-720p", "i2v", AREA_720P),
    ("wan2.2-i2v-a14b-480p", "i2v", AREA_480P),
    ("wan2.2-i2v-a14b-720p", "i2v", AREA_720P),
    ("wan2.2-ti2v-5b", "ti2v", AREA_TI2V),
]


# ---- float64, as the official code evaluates it ------------------------------------------------
def i2v_float(w, h, area, stride=8, patch=2):
    """(out_w, out_h); h / w is Python true division, np.sqrt a float64 ufunc, // NumPy's
    floor_divide on float64 (divmod-based, like Python's float //)."""
    aspect_ratio = h / w
    lat_h = round(np.sqrt(area * aspect_ratio) // stride // patch * patch)
    lat_w = round(np.sqrt(area / aspect_ratio) // stride // patch * patch)
    return lat_w * stride, lat_h * stride


def ti2v_float(w, h, area, dw=32, dh=32, root=lambda x: x ** 0.5):
    """(out_w, out_h), or None where the official code divides by zero (extreme aspect ratios).
    `root` is the official `** 0.5` unless told otherwise."""
    ratio = w / h
    ow = root(area * ratio)
    oh = area / ow
    try:
        ow1 = int(ow // dw * dw)
        oh1 = int(area / ow1 // dh * dh)
        r1 = ow1 / oh1
        oh2 = int(oh // dh * dh)
        ow2 = int(area / oh2 // dw * dw)
        r2 = ow2 / oh2
    except ZeroDivisionError:
        return None
    if max(ratio / r1, r1 / ratio) < max(ratio / r2, r2 / ratio):
        return ow1, oh1
    return ow2, oh2


# ---- exact integers / rationals ----------------------------------------------------------------
def floor_sqrt_div(num, den, step):
    """floor(sqrt(num / den) / step) in exact integers."""
    return math.isqrt(num // (den * step * step))


def i2v_exact(w, h, area, stride=8, patch=2):
    lat_h = floor_sqrt_div(area * h, w, stride) // patch * patch
    lat_w = floor_sqrt_div(area * w, h, stride) // patch * patch
    return lat_w * stride, lat_h * stride


def ti2v_exact(w, h, area, dw=32, dh=32):
    ow1 = floor_sqrt_div(area * w, h, dw) * dw
    oh2 = floor_sqrt_div(area * h, w, dh) * dh
    if ow1 == 0 or oh2 == 0:
        return None
    oh1 = area // ow1 // dh * dh
    ow2 = area // oh2 // dw * dw
    if oh1 == 0 or ow2 == 0:
        return None
    ratio = Fraction(w, h)
    r1 = Fraction(ow1, oh1)
    r2 = Fraction(ow2, oh2)
    if max(ratio / r1, r1 / ratio) < max(ratio / r2, r2 / ratio):
        return ow1, oh1
    return ow2, oh2


def evaluate(formula, w, h, area):
    if formula == "i2v":
        return i2v_float(w, h, area), i2v_exact(w, h, area)
    return ti2v_float(w, h, area), ti2v_exact(w, h, area)


# ---- size selection ----------------------------------------------------------------------------
COMMON = [(1280, 720), (720, 1280), (832, 480), (480, 832), (1024, 768), (768, 1024), (1920, 1080),
          (1080, 1920), (3840, 2160), (2160, 3840), (1280, 704), (704, 1280), (1024, 1024), (512, 512),
          (640, 480), (480, 640), (4032, 3024), (3024, 4032), (6000, 4000), (4000, 6000), (1, 1),
          (2048, 858), (2560, 1080), (1000, 1), (1, 1000), (65536, 65536), (65536, 1), (1, 65536)]


def differing(formula, area, n):
    """Every (w, h) with w, h <= n whose float64 and exact results differ (vectorised prefilter,
    then the scalar evaluation)."""
    out = []
    for w in range(1, n + 1):
        for h in range(1, n + 1):
            f, e = evaluate(formula, w, h, area)
            if f != e:
                out.append((w, h, f, e))
    return out


def near_critical(formula, area, rng, count):
    """Sizes whose exact sqrt lands on (or next to) a multiple of the step: w/h chosen so that
    area * h / w is a perfect square of a multiple of 8 * 2 (i2v) or of 32 (ti2v), give or take."""
    step = 16 if formula == "i2v" else 32
    out = set()
    while len(out) < count:
        k = rng.randint(1, 200) * step            # target sqrt value
        # area * h / w = k^2  <=>  h / w = k^2 / area; reduce and scale
        fr = Fraction(k * k, area)
        if formula == "ti2v":
            fr = 1 / fr                           # ti2v takes sqrt(area * w / h)
        h, w = fr.numerator, fr.denominator
        if max(w, h) > 65536:
            continue
        m = rng.randint(1, max(1, 65536 // max(w, h)))
        dw, dh = rng.choice([(0, 0), (0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)])
        W, H = w * m + dw, h * m + dh
        if 1 <= W <= 65536 and 1 <= H <= 65536:
            out.add((W, H))
    return sorted(out)


def sizes_for(case_index, formula, area):
    rng = random.Random(20251130 + case_index)
    sizes = set(COMMON)
    # every ratio where float64 and exact differ, reduced and at a random multiple
    for (w, h) in exact_hit_ratios(formula, area):
        f, e = evaluate(formula, w, h, area)
        if f != e:
            sizes.add((w, h))
            m = rng.randint(1, 65536 // max(w, h))
            sizes.add((w * m, h * m))
    sizes.update(near_critical(formula, area, rng, 250))
    while len(sizes) < 450:
        sizes.add((rng.randint(1, 4096), rng.randint(1, 4096)))
    while len(sizes) < 700:
        sizes.add((rng.randint(1, 65536), rng.randint(1, 65536)))
    return sorted(sizes)


def exact_hit_ratios(formula, area):
    """Every reduced image ratio w:h (both <= 65536) at which the exact square root lands exactly on
    a multiple of the step (16 px = 8 x 2 for image2video, 32 px for best_output_size), on either
    axis. Only there can float64 and exact results differ: off a hit, the exact root is at least
    1 / (2 * step * j * w) from the multiple step * j, about 1e-10 * j, while the float64 error of
    the root is below 3e-16 of its value (about 4e-15 * j): six orders of magnitude apart."""
    step = 16 if formula == "i2v" else 32
    ratios = set()
    jmax = math.isqrt(area * 65536 // (step * step)) + 2
    for j in range(1, jmax):
        fr = Fraction(step * step * j * j, area)      # h / w (height axis) or w / h (width axis)
        for (w, h) in ((fr.denominator, fr.numerator), (fr.numerator, fr.denominator)):
            if w <= 65536 and h <= 65536:
                ratios.add((w, h))
    return sorted(ratios)


def legal(size, formula):
    """Both sides in [step, 1024 patches] (16..16384 px for the Wan2.1 VAE, 32..32768 for Wan2.2)."""
    if size is None:
        return False
    lo, hi = (16, 16384) if formula == "i2v" else (32, 32768)
    return all(lo <= v <= hi for v in size)


def cmd_differences(args):
    """Markdown: every reduced image ratio where float64 and exact results differ."""
    seen = set()
    for name, formula, area in CASES:
        if (formula, area) in seen:
            continue
        seen.add((formula, area))
        hits = exact_hit_ratios(formula, area)
        rows = []
        for (w, h) in hits:
            f, e = evaluate(formula, w, h, area)
            if f != e:
                rows.append((w, h, f, e))
        both = [r for r in rows if legal(r[2], formula) and legal(r[3], formula)]
        label = "image2video.py (I2V, FLF2V, Wan2.2 I2V-A14B)" if formula == "i2v" else \
            "best_output_size (Wan2.2 TI2V-5B with an image)"
        print(f"### {label}, max_area {area}\n")
        print(f"{len(hits)} reduced ratios put an exact root on a multiple of the step; at "
              f"{len(rows)} of them float64 gives a different size, {len(both)} with both sizes "
              f"legal (listed; every multiple m*w x m*h of the image behaves the same):\n")
        print("| image (reduced) | official (float64) | exact |")
        print("|---|---|---|")
        for w, h, f, e in both:
            print(f"| {w}x{h} | {f[0]}x{f[1]} | {e[0]}x{e[1]} |")
        print()


def cmd_table(args):
    lines = ["# generated by verify/image_size/official_sizes.py table; do not edit",
             "# case,max_area,image_w,image_h,official_w,official_h,exact_w,exact_h "
             "(0,0: the official code divides by zero)"]
    per_case = {}
    for i, (name, formula, area) in enumerate(CASES):
        n = 0
        for (w, h) in sizes_for(i, formula, area):
            f, e = evaluate(formula, w, h, area)
            f = f or (0, 0)
            e = e or (0, 0)
            lines.append(f"{name},{area},{w},{h},{f[0]},{f[1]},{e[0]},{e[1]}")
            n += 1
        per_case[name] = n
    text = "\n".join(lines) + "\n"
    if args.out:
        with open(args.out, "w", encoding="ascii") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    for name, n in per_case.items():
        print(f"{name}: {n} sizes", file=sys.stderr)


def cmd_scan(args):
    seen = set()
    for name, formula, area in CASES:
        if (formula, area) in seen:
            continue
        seen.add((formula, area))
        rows = differing(formula, area, args.n)
        print(f"## {formula} max_area {area}: {len(rows)} of {args.n * args.n} sizes differ")
        for w, h, f, e in rows:
            print(f"{w}x{h}: float64 {f[0]}x{f[1]}, exact {e[0]}x{e[1]}" if f and e else
                  f"{w}x{h}: float64 {f}, exact {e}")


def ti2v_float_sqrt(w, h, area, dw=32, dh=32):
    """ti2v_float with math.sqrt (correctly rounded, as the C++ uses) in place of ** 0.5."""
    return ti2v_float(w, h, area, dw, dh, root=math.sqrt)


def cmd_powcheck(args):
    """best_output_size takes the root with ** 0.5 (glibc pow, not always correctly rounded: it
    differs from math.sqrt by one ulp at some inputs). A one-ulp change of ow or oh = A / ow can
    move a result only where the exact root is a multiple of 32 (see exact_hit_ratios), so: compare
    the size with pow and with sqrt on every such ratio, and by brute force for w, h <= N."""
    differ_root = 0
    differ_size = []
    hits = exact_hit_ratios("ti2v", AREA_TI2V)
    for (w, h) in hits:
        x = AREA_TI2V * (w / h)
        if x ** 0.5 != math.sqrt(x):
            differ_root += 1
        if ti2v_float(w, h, AREA_TI2V) != ti2v_float_sqrt(w, h, AREA_TI2V):
            differ_size.append((w, h))
    for w in range(1, args.n + 1):
        for h in range(1, args.n + 1):
            if ti2v_float(w, h, AREA_TI2V) != ti2v_float_sqrt(w, h, AREA_TI2V):
                differ_size.append((w, h))
    print(f"{len(hits)} hit ratios: pow != sqrt at {differ_root}; the size differs at "
          f"{len(differ_size)} (hit ratios and w, h <= {args.n}): {differ_size[:20]}")
    return 1 if differ_size else 0


def cmd_float_ops(args):
    """CSV of float.hex values: a, b, Python a // b, math.fmod(a, b), math.sqrt(|a|), round(a)
    for random and edge-case operands (the C++ helpers of core/float64.hpp are checked on it)."""
    rng = random.Random(5203)
    pairs = [(1.0, 0.1), (-7.0, 2.0), (7.5, -2.0), (-7.5, -2.0), (0.0, 3.0), (-0.0, 3.0), (5e-324, 1.0),
             (1e308, 1e-308), (479.99999999999994, 8.0), (230399.99999999997, 16.0), (2.5, 1.0), (-2.5, 1.0)]
    for _ in range(1500):
        kind = rng.random()
        if kind < 0.3:
            a = rng.uniform(-1e6, 1e6)
            b = rng.choice([8.0, 16.0, 2.0, 32.0, 0.1, 3.0, -8.0])
        elif kind < 0.6:
            a = math.ldexp(rng.random(), rng.randint(-1074, 1023)) * rng.choice([1, -1])
            b = math.ldexp(rng.random(), rng.randint(-1074, 1023)) * rng.choice([1, -1])
        else:
            k = rng.randint(1, 1 << 26)
            sq = float(k * k)
            a = rng.choice([sq, math.nextafter(sq, 0), math.nextafter(sq, math.inf)])
            b = rng.choice([8.0, 16.0, 32.0, float(rng.randint(1, 1000))])
        if b == 0.0 or math.isinf(a / b if b else 0.0):
            continue
        pairs.append((a, b))
    lines = ["# generated by verify/image_size/official_sizes.py float-ops; do not edit",
             "# a,b,a//b,fmod(a,b),sqrt(|a|),round(a) as float.hex (CPython)"]
    for a, b in pairs:
        try:
            fd = a // b
        except OverflowError:
            continue
        if math.isinf(fd) or math.isnan(fd):
            continue
        vals = [a, b, fd, math.fmod(a, b), math.sqrt(abs(a)), float(round(a))]
        lines.append(",".join(v.hex() for v in vals))
    text = "\n".join(lines) + "\n"
    with open(args.out, "w", encoding="ascii") as fh:
        fh.write(text)
    print(f"{len(lines) - 2} rows", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("table")
    t.add_argument("--out")
    s = sub.add_parser("scan")
    s.add_argument("n", type=int)
    sub.add_parser("differences")
    fo = sub.add_parser("float-ops")
    fo.add_argument("--out", required=True)
    c = sub.add_parser("powcheck")
    c.add_argument("n", type=int)
    args = p.parse_args()
    return {"table": cmd_table, "scan": cmd_scan, "differences": cmd_differences,
            "float-ops": cmd_float_ops,
            "powcheck": cmd_powcheck}[args.cmd](args) or 0


if __name__ == "__main__":
    sys.exit(main())
