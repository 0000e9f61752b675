#!/usr/bin/env python3
"""Check wanmeter's stage counts (T5, CLIP, VAEs and the DiT) against the official Wan code.

Imports the official modules (wan/modules/t5.py, clip.py, vae.py, model.py of Wan2.1 and
vae2_2.py, model.py of Wan2.2) from checkouts given on the command line, builds them on the CPU
with random weights and small spatial/temporal sizes (the channel widths are the real ones; the
DiTs with fewer blocks), counts the matmul and convolution FLOPs of one call with a PyTorch
dispatch-mode counter, counts parameters with `numel`, and compares both with what
`wanmeter_stage_flops` (verify/stage_flops.cpp) prints.

DiT: each variant's WanModel is built from a config.json (the official format, num_layers
reduced) that is also handed to `wanmeter_stage_flops dit`, on top of the variant's base model id;
one forward runs on latents as the official pipelines pass them (one sample, seq_len = L, a
prompt shorter than text_len so that the padding to 512 tokens is counted, CLIP features of one
(I2V) or two (FLF2V) images, `y` for the image-conditioned variants, Wan2.2 timesteps per token).
The diffusers base classes of WanModel are stubbed when diffusers is absent (they only register
the config).

FLOP convention: 2 per multiply-add, the rules of torch.utils.flop_counter (mm, addmm, bmm,
baddbmm, convolution = 2 * output elements * Cin/groups * kernel volume). When
torch.utils.flop_counter.FlopCounterMode exists (torch >= 2.1) it is used; otherwise (Debian's
torch 1.13) an equivalent TorchDispatchMode counter below. Attention: flash_attention (CLIP) and
F.scaled_dot_product_attention (VAE) are replaced by the plain math formulation
softmax(q k^T * scale) v, so that the counter sees its two matmuls, exactly as with the
official fallback when flash_attn is absent.

Usage:
  verify_flops.py --wan21 <Wan2.1 checkout> [--wan22 <Wan2.2 checkout>]
                  --stage-flops <path to wanmeter_stage_flops> [--stages vae21,vae22,clip,t5,dit]
                  [--dit-cases <ids>] [--dit-full-1.3b | --no-dit-full-1.3b]
Exit code: 0 all equal, 1 a mismatch, 77 skipped (no torch, no checkout or no executable).
"""
import argparse
import importlib
import json
import os
import subprocess
import sys
import types

SKIP = 77


def skip(msg):
    print(f"SKIP: {msg}")
    sys.exit(SKIP)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--wan21", help="path of a Wan-Video/Wan2.1 checkout (work tree)")
    p.add_argument("--wan22", help="path of a Wan-Video/Wan2.2 checkout (work tree)")
    p.add_argument("--stage-flops", required=True, help="the wanmeter_stage_flops executable")
    p.add_argument("--wanmeter", default="",
                   help="the wanmeter CLI: also compare each DiT case with `wanmeter analyze --stdout --config ...`")
    p.add_argument("--stages", default="vae21,vae22,clip,t5,dit",
                   help="comma-separated subset of vae21,vae22,clip,t5,dit (default: all)")
    p.add_argument("--t5-layers", type=int, default=1, help="umT5 blocks to build (real width)")
    p.add_argument("--dit-cases", default=",".join(c[0] for c in DIT_CASES),
                   help="comma-separated DiT case ids (default: all): " + ", ".join(c[0] for c in DIT_CASES))
    p.add_argument("--dit-layers", type=int, default=2,
                   help="blocks to build for the DiT cases that do not build the full depth (default 2)")
    p.add_argument("--dit-full-1.3b", dest="dit_full", action=argparse.BooleanOptionalAction, default=True,
                   help="build wan2.1-t2v-1.3b with all 30 blocks (about 6 GiB in fp32; default on)")
    return p.parse_args()


# ---------------------------------------------------------------- importing the official code --
def install_stubs(torch):
    """Stubs for imports the counted code paths never use (tokenizers, torchvision, einops)."""
    tok = types.ModuleType("tokenizers_stub")
    tok.HuggingfaceTokenizer = None
    if "einops" not in sys.modules:
        try:
            import einops  # noqa: F401
        except ImportError:
            e = types.ModuleType("einops")

            def rearrange(x, pattern, **kw):
                p = pattern.replace(" ", "")
                if p == "bcthw->(bt)chw":
                    b, c, t, h, w = x.shape
                    return x.permute(0, 2, 1, 3, 4).reshape(b * t, c, h, w)
                if p == "(bt)chw->bcthw":
                    bt, c, h, w = x.shape
                    t = kw["t"]
                    return x.reshape(bt // t, t, c, h, w).permute(0, 2, 1, 3, 4)
                if p == "bcf(hq)(wr)->b(crq)fhw":
                    b, c, f, H, W = x.shape
                    q, r = kw["q"], kw["r"]
                    x = x.reshape(b, c, f, H // q, q, W // r, r).permute(0, 1, 6, 4, 2, 3, 5)
                    return x.reshape(b, c * r * q, f, H // q, W // r)
                if p == "b(crq)fhw->bcf(hq)(wr)":
                    b, crq, f, h, w = x.shape
                    q, r = kw["q"], kw["r"]
                    x = x.reshape(b, crq // (r * q), r, q, f, h, w).permute(0, 1, 4, 5, 3, 6, 2)
                    return x.reshape(b, crq // (r * q), f, h * q, w * r)
                raise NotImplementedError(pattern)

            e.rearrange = rearrange
            sys.modules["einops"] = e
    try:
        import torchvision.transforms  # noqa: F401
    except ImportError:
        tv = types.ModuleType("torchvision")
        tvt = types.ModuleType("torchvision.transforms")
        tv.transforms = tvt
        sys.modules["torchvision"] = tv
        sys.modules["torchvision.transforms"] = tvt
    # t5.py evaluates torch.cuda.current_device() as a default argument at import time.
    if not torch.cuda.is_available():
        torch.cuda.current_device = lambda: "cpu"
    if not hasattr(torch.nn.functional, "scaled_dot_product_attention"):
        torch.nn.functional.scaled_dot_product_attention = math_sdpa
    return tok


def math_sdpa(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
    """softmax(q k^T / sqrt(d)) v on [..., L, d]: two matmuls the counter sees."""
    import torch
    s = q.size(-1) ** -0.5 if scale is None else scale
    a = torch.softmax(torch.matmul(q, k.transpose(-2, -1)) * s, dim=-1)
    return torch.matmul(a, v)


def math_flash_attention(q, k, v, *args, **kwargs):
    """flash_attention's math equivalent on [B, L, N, d] (no mask, not causal). The DiT passes
    k_lens equal to the full key length (self-attention: seq_len = L) or None (cross-attention:
    context_lens is None, all text_len padded tokens are attended), so no mask is needed; the
    sliding window is (-1, -1) in every released model."""
    out = math_sdpa(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2), scale=kwargs.get("softmax_scale"))
    return out.transpose(1, 2).contiguous()


def load_official(checkout, name, pkg, torch):
    """Import `<checkout>/wan/modules/<name>.py` as `<pkg>.modules.<name>` without running the
    package __init__ files (they import the whole pipeline)."""
    root = os.path.join(checkout, "wan")
    if pkg not in sys.modules:
        top = types.ModuleType(pkg)
        top.__path__ = [root]
        sys.modules[pkg] = top
        mods = types.ModuleType(pkg + ".modules")
        mods.__path__ = [os.path.join(root, "modules")]
        sys.modules[pkg + ".modules"] = mods
        sys.modules[pkg + ".modules.tokenizers"] = install_stubs(torch)
    if name == "model":
        install_diffusers_stub(torch)
    return importlib.import_module(f"{pkg}.modules.{name}")


def install_diffusers_stub(torch):
    """model.py derives WanModel from diffusers' ModelMixin and ConfigMixin and decorates its
    constructor with register_to_config; they only record the config (no arithmetic), so a stub
    stands in when diffusers is absent."""
    try:
        import diffusers.configuration_utils  # noqa: F401
        import diffusers.models.modeling_utils  # noqa: F401
        return
    except ImportError:
        pass
    d = types.ModuleType("diffusers")
    cu = types.ModuleType("diffusers.configuration_utils")
    dm = types.ModuleType("diffusers.models")
    mu = types.ModuleType("diffusers.models.modeling_utils")

    class ConfigMixin:
        pass

    class ModelMixin(torch.nn.Module):
        pass

    cu.ConfigMixin = ConfigMixin
    cu.register_to_config = lambda f: f
    mu.ModelMixin = ModelMixin
    d.configuration_utils, d.models, dm.modeling_utils = cu, dm, mu
    sys.modules.update({"diffusers": d, "diffusers.configuration_utils": cu, "diffusers.models": dm,
                        "diffusers.models.modeling_utils": mu})


# ------------------------------------------------------------------------------- FLOP counter --
def make_counter(torch):
    try:
        from torch.utils.flop_counter import FlopCounterMode

        class Counter:
            def __enter__(self):
                self.mode = FlopCounterMode(display=False)
                self.mode.__enter__()
                return self

            def __exit__(self, *exc):
                self.mode.__exit__(*exc)
                self.flops = self.mode.get_total_flops()
                self.unknown = set()

            def current(self):
                return self.mode.get_total_flops()

        return Counter, "torch.utils.flop_counter.FlopCounterMode"
    except ImportError:
        pass
    from math import prod
    from torch.utils._python_dispatch import TorchDispatchMode
    aten = torch.ops.aten

    def mm(a, b):
        return 2 * a.shape[0] * a.shape[1] * b.shape[1]

    def bmm(a, b):
        return 2 * a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2]

    def conv(out, w):
        return 2 * prod(out.shape) * prod(w.shape[1:])

    rules = {
        aten.mm: lambda a, o: mm(a[0], a[1]),
        aten.addmm: lambda a, o: mm(a[1], a[2]),
        aten.bmm: lambda a, o: bmm(a[0], a[1]),
        aten.baddbmm: lambda a, o: bmm(a[1], a[2]),
        aten.convolution: lambda a, o: conv(o, a[1]),
        aten._convolution: lambda a, o: conv(o, a[1]),
    }

    class Counter(TorchDispatchMode):
        def __enter__(self):
            self.flops = 0
            self.unknown = set()
            return super().__enter__()

        def __torch_dispatch__(self, func, types_, args=(), kwargs=None):
            out = func(*args, **(kwargs or {}))
            packet = func.overloadpacket
            if packet in rules:
                self.flops += rules[packet](args, out)
            elif packet in (aten.matmul, aten.einsum, aten.linear, aten.conv2d, aten.conv3d):
                self.unknown.add(str(packet))  # would mean a composite escaped decomposition
            return out

        def current(self):
            return self.flops

        def __exit__(self, *exc):
            super().__exit__(*exc)
            if self.unknown:
                print(f"warning: uncounted composite ops reached the counter: {sorted(self.unknown)}")

    return Counter, "TorchDispatchMode counter (torch %s has no flop_counter)" % torch.__version__


def nparams(module):
    return sum(p.numel() for p in module.parameters())


# ----------------------------------------------------------------------------------- cases ----
def wanmeter(exe, *args):
    out = subprocess.run([exe, *map(str, args)], check=True, capture_output=True, text=True).stdout
    return {k: int(v) for k, v in (line.split() for line in out.splitlines() if line.strip())}


def case_t5(torch, Counter, wan21, exe, layers, rows):
    t5 = load_official(wan21, "t5", "wan21", torch)
    torch.manual_seed(0)
    # umt5_xxl(encoder_only=True) with `layers` blocks; the token table is allocated uninitialised
    # (it does no arithmetic; only looked-up rows are touched).
    emb = torch.nn.Embedding(256384, 4096, _weight=torch.empty(256384, 4096))
    model = t5.T5Encoder(vocab=emb, dim=4096, dim_attn=4096, dim_ffn=10240, num_heads=64, num_layers=layers,
                         num_buckets=32, shared_pos=False, dropout=0.1).eval()
    ids = torch.randint(0, 256384, (1, 512))
    mask = torch.ones(1, 512, dtype=torch.long)
    mask[:, 100:] = 0  # a 100-token prompt padded to 512, as the tokenizer does
    with torch.no_grad(), Counter() as c:
        model(ids, mask)
    ours = wanmeter(exe, "t5", layers, 1)
    rows.append((f"umT5-XXL encoder, {layers} block(s), 512 tokens: tensor FLOPs", c.flops, ours["t5.tensor_flops"]))
    rows.append((f"umT5-XXL encoder, {layers} block(s): parameters", nparams(model), ours["t5.parameters"]))
    # 24-block parameter count from the official module sizes: embedding + 24 blocks + norm.
    block = nparams(model.blocks[0])
    full = nparams(model.token_embedding) + 24 * block + nparams(model.norm)
    rows.append(("umT5-XXL encoder, 24 blocks: parameters (official block x 24)", full,
                 wanmeter(exe, "t5", 24, 1)["t5.parameters"]))


def case_clip(torch, Counter, wan21, exe, rows):
    clip = load_official(wan21, "clip", "wan21", torch)
    clip.flash_attention = math_flash_attention
    torch.manual_seed(0)
    # XLMRobertaCLIP's visual tower with the clip_xlm_roberta_vit_h_14 configuration.
    visual = clip.VisionTransformer(image_size=224, patch_size=14, dim=1280, mlp_ratio=4, out_dim=1024,
                                    num_heads=16, num_layers=32, pool_type="token", pre_norm=True,
                                    post_norm=False, activation="gelu", attn_dropout=0.0, proj_dropout=0.0,
                                    embedding_dropout=0.0, norm_eps=1e-5).eval()
    x = torch.randn(1, 3, 224, 224)
    with torch.no_grad(), Counter() as c:
        visual(x, use_31_block=True)
    ours = wanmeter(exe, "clip", 1)
    rows.append(("CLIP ViT-H/14 visual, 1 image, use_31_block: tensor FLOPs", c.flops, ours["clip.tensor_flops"]))
    run = nparams(visual) - nparams(visual.transformer[31]) - nparams(visual.post_norm) - visual.head.numel()
    rows.append(("CLIP ViT-H/14 visual: parameters of the modules that run", run, ours["clip.parameters"]))


VAE21_CASES = [(1, 32, 32), (5, 32, 32), (9, 48, 64), (13, 32, 48)]
VAE22_CASES = [(1, 64, 64), (5, 64, 64), (9, 64, 96)]


def compare_vae(torch, Counter, model, z_dim, cases, exe, tag, label, rows):
    """Encode and decode each case with the official `model`; compare FLOPs (and, once, the
    parameters of each half) with `wanmeter_stage_flops <tag>`."""
    scale = [torch.zeros(z_dim), torch.ones(z_dim)]
    for i, (f, h, w) in enumerate(cases):
        x = torch.randn(1, 3, f, h, w)
        with torch.no_grad(), Counter() as ce:
            mu = model.encode(x, scale)
        with torch.no_grad(), Counter() as cd:
            out = model.decode(mu, scale)
        assert tuple(out.shape) == (1, 3, f, h, w), out.shape
        ours = wanmeter(exe, tag, f, h, w)
        rows.append((f"{label} encode {w}x{h}x{f}: tensor FLOPs", ce.flops, ours[f"{tag}.encode.tensor_flops"]))
        rows.append((f"{label} decode {w}x{h}x{f}: tensor FLOPs", cd.flops, ours[f"{tag}.decode.tensor_flops"]))
        if i == 0:
            rows.append((f"{label} encode: parameters (encoder + conv1)",
                         nparams(model.encoder) + nparams(model.conv1), ours[f"{tag}.encode.parameters"]))
            rows.append((f"{label} decode: parameters (conv2 + decoder)",
                         nparams(model.decoder) + nparams(model.conv2), ours[f"{tag}.decode.parameters"]))


def case_vae21(torch, Counter, wan21, exe, rows):
    vae = load_official(wan21, "vae", "wan21", torch)
    torch.manual_seed(0)
    # _video_vae's configuration, randomly initialised (no checkpoint).
    model = vae.WanVAE_(dim=96, z_dim=16, dim_mult=[1, 2, 4, 4], num_res_blocks=2, attn_scales=[],
                        temperal_downsample=[False, True, True], dropout=0.0).eval()
    compare_vae(torch, Counter, model, 16, VAE21_CASES, exe, "vae21", "Wan2.1 VAE", rows)


def case_vae22(torch, Counter, wan22, exe, rows):
    vae = load_official(wan22, "vae2_2", "wan22", torch)
    torch.manual_seed(0)
    # _video_vae's configuration of Wan2_2_VAE (dim 160, dec_dim 256, z 48).
    model = vae.WanVAE_(dim=160, dec_dim=256, z_dim=48, dim_mult=[1, 2, 4, 4], num_res_blocks=2, attn_scales=[],
                        temperal_downsample=[False, True, True], dropout=0.0).eval()
    compare_vae(torch, Counter, model, 48, VAE22_CASES, exe, "vae22", "Wan2.2 VAE", rows)


# --------------------------------------------------------------------------------------- DiT --
# (case id, base model id of wanmeter, official code, VAE spatial stride, config.json at full depth,
#  blocks to build: None = full depth, else --dit-layers). The configs are the released ones.
_14B = dict(dim=5120, ffn_dim=13824, num_heads=40, num_layers=40)
DIT_CASES = [
    ("wan2.1-t2v-1.3b", "wan2.1-t2v-1.3b", "wan21", 8,
     dict(model_type="t2v", dim=1536, ffn_dim=8960, in_dim=16, out_dim=16, num_heads=12, num_layers=30), None),
    ("wan2.1-t2v-14b", "wan2.1-t2v-14b", "wan21", 8, dict(model_type="t2v", in_dim=16, out_dim=16, **_14B), 2),
    ("wan2.1-i2v-14b", "wan2.1-i2v-14b-480p", "wan21", 8, dict(model_type="i2v", in_dim=36, out_dim=16, **_14B), 2),
    ("wan2.1-flf2v-14b", "wan2.1-flf2v-14b", "wan21", 8, dict(model_type="flf2v", in_dim=36, out_dim=16, **_14B), 2),
    ("wan2.2-t2v-a14b", "wan2.2-t2v-a14b", "wan22", 8, dict(model_type="t2v", in_dim=16, out_dim=16, **_14B), 2),
    ("wan2.2-i2v-a14b", "wan2.2-i2v-a14b", "wan22", 8, dict(model_type="i2v", in_dim=36, out_dim=16, **_14B), 2),
    ("wan2.2-ti2v-5b", "wan2.2-ti2v-5b", "wan22", 16,
     dict(model_type="ti2v", dim=3072, ffn_dim=14336, in_dim=48, out_dim=48, num_heads=24, num_layers=30), 2),
]
# (frames, latent height, latent width) of the two forwards: 1 frame at 2x4 latents and 5 frames
# (2 latent frames) at 4x6 latents, i.e. 32x16x1 and 48x32x5 pixels with the Wan2.1 VAE
# (stride 8) and 64x32x1 and 96x64x5 with the Wan2.2 VAE (stride 16): L = 2 and 12 tokens.
DIT_SIZES = [(1, 2, 4), (5, 4, 6)]
DIT_TEXT_TOKENS = 100  # a prompt shorter than text_len: the model pads it to 512 tokens
DIT_MODULES = ["patch_embedding", "text_embedding", "time_embedding", "time_projection", "img_emb", "blocks", "head"]


def dit_config(cfg, layers):
    c = {"_class_name": "WanModel", "freq_dim": 256, "text_len": 512, "eps": 1e-06, **cfg}
    if layers is not None:
        c["num_layers"] = layers
    return c


def count_dit_forward(torch, Counter, model, version, cfg, frames, lh, lw):
    """One forward as the official pipeline runs it (one sample); returns the total counted
    FLOPs and those of each top-level module (forward hooks read the running count)."""
    lt = (frames - 1) // 4 + 1
    seq_len = lt * (lh // 2) * (lw // 2)
    noise_ch = cfg["out_dim"]
    x = [torch.randn(noise_ch, lt, lh, lw)]
    kw = {}
    if cfg["in_dim"] > noise_ch:  # i2v / flf2v: mask (4) + encoded conditioning video (16)
        kw["y"] = [torch.randn(cfg["in_dim"] - noise_ch, lt, lh, lw)]
    if version == "wan21" and cfg["model_type"] in ("i2v", "flf2v"):
        # CLIP visual features: one image (I2V) or the first and the last frame (FLF2V, which
        # MLPProj views as [1, 514, 1280]).
        kw["clip_fea"] = torch.randn(1 if cfg["model_type"] == "i2v" else 2, 257, 1280)
    if cfg["model_type"] == "ti2v":
        t = torch.full((1, seq_len), 999.0)  # textimage2video.py: one timestep per token
    else:
        t = torch.tensor([999.0])  # torch.stack([t]); Wan2.2's forward expands it per token
    context = [torch.randn(DIT_TEXT_TOKENS, 4096)]

    per = {m: 0 for m in DIT_MODULES}
    state = {}
    handles = []

    def hook(label, child):
        def pre(_m, _i):
            state[label] = state["counter"].current()

        def post(_m, _i, _o):
            per[label] += state["counter"].current() - state[label]

        handles.append(child.register_forward_pre_hook(pre))
        handles.append(child.register_forward_hook(post))

    for name, child in model.named_children():
        if name == "blocks":
            for b in child:
                hook("blocks", b)
        elif name in per:
            hook(name, child)
    try:
        with torch.no_grad(), Counter() as c:
            state["counter"] = c
            out = model(x, t=t, context=context, seq_len=seq_len, **kw)
    finally:
        for h in handles:
            h.remove()
    assert tuple(out[0].shape) == (noise_ch, lt, lh, lw), out[0].shape
    per["(outside the modules)"] = c.flops - sum(per.values())
    return c.flops, per


def dit_module_params(model):
    return {m: nparams(getattr(model, m)) if hasattr(model, m) else 0 for m in DIT_MODULES}


def breakdown(title, official, ours):
    print(f"  {title}: per top-level module (official / wanmeter)")
    for m in DIT_MODULES + ["(outside the modules)"]:
        o = official.get(m, 0)
        w = ours.get(f"dit.{m}", 0) if m in DIT_MODULES else (
            ours.get("dit.time_sinusoidal", 0) + ours.get("dit.unpatchify", 0))
        print(f"    {m:<22} {o:>22,} {w:>22,}  {'' if o == w else 'differs by %+d' % (w - o)}")


WANMETER_CLI = ""


def cli_dit_flops(cfg_path, base, frames, h, w):
    """Tensor FLOPs of one DiT forward from the report.json that `wanmeter analyze --stdout`
    prints for this architecture (one step, no guidance: one forward in the run)."""
    out = subprocess.run([WANMETER_CLI, "analyze", "--stdout", "--config", cfg_path, "--model", base,
                          "--frames", str(frames), "--height", str(h), "--width", str(w),
                          "--steps", "1", "--guidance-scale", "1"],
                         check=True, capture_output=True, text=True).stdout
    stages = json.loads(out)["stages"]
    for name in ("dit", "dit_high_noise", "dit_low_noise"):
        if name in stages:
            return stages[name]["per_call"]["tensor_flops"]
    raise RuntimeError("the report has no DiT stage")


def case_dit(torch, Counter, checkouts, exe, case, layers_arg, full_13b, tmp, rows):
    import gc
    import json
    cid, base, version, stride, full_cfg, layers = case
    if layers is None:  # the full-depth case, unless --no-dit-full-1.3b
        layers = None if full_13b else min(layers_arg, full_cfg["num_layers"])
    else:
        layers = min(layers_arg, full_cfg["num_layers"])
    model_mod = load_official(checkouts[version], "model", version, torch)
    model_mod.flash_attention = math_flash_attention
    cfg = dit_config(full_cfg, layers)
    built = cfg["num_layers"]
    cfg_path = os.path.join(tmp, f"{cid}-{built}.json")
    full_path = os.path.join(tmp, f"{cid}-full.json")
    with open(cfg_path, "w") as f:
        json.dump(cfg, f, indent=1)
    with open(full_path, "w") as f:
        json.dump(dit_config(full_cfg, None), f, indent=1)
    torch.manual_seed(0)
    model = model_mod.WanModel(**{k: v for k, v in cfg.items() if k != "_class_name"}).eval()
    print(f"dit {cid}: official WanModel ({version}), {built} of {full_cfg['num_layers']} blocks built")
    for frames, lh, lw in DIT_SIZES:
        h, w = lh * stride, lw * stride
        flops, per = count_dit_forward(torch, Counter, model, version, cfg, frames, lh, lw)
        ours = wanmeter(exe, "dit", cfg_path, base, frames, h, w)
        name = f"DiT {cid}, {built} block(s), {w}x{h}x{frames}: tensor FLOPs"
        rows.append((name, flops, ours["dit.tensor_flops"]))
        if WANMETER_CLI:
            rows.append((name + " (wanmeter analyze --stdout)", flops, cli_dit_flops(cfg_path, base, frames, h, w)))
        if flops != ours["dit.tensor_flops"]:
            breakdown(name, per, {k[:-len(".tensor_flops")]: v for k, v in ours.items() if k.endswith(".tensor_flops")})
    ours = wanmeter(exe, "dit", cfg_path, base, 1, DIT_SIZES[0][1] * stride, DIT_SIZES[0][2] * stride)
    total = nparams(model)
    name = f"DiT {cid}, {built} block(s): parameters"
    rows.append((name, total, ours["dit.parameters"]))
    if total != ours["dit.parameters"]:
        mp = dit_module_params(model)
        mp["(outside the modules)"] = total - sum(mp.values())
        breakdown(name, mp, {k[:-len(".parameters")]: v for k, v in ours.items() if k.endswith(".parameters")})
    if built != full_cfg["num_layers"]:
        full = total + (full_cfg["num_layers"] - built) * nparams(model.blocks[0])
        ours_full = wanmeter(exe, "dit", full_path, base, 1, DIT_SIZES[0][1] * stride, DIT_SIZES[0][2] * stride)
        rows.append((f"DiT {cid}, {full_cfg['num_layers']} blocks: parameters (official block x {full_cfg['num_layers']})",
                     full, ours_full["dit.parameters"]))
    del model
    gc.collect()


def main():
    args = parse_args()
    try:
        import torch
    except ImportError:
        skip("PyTorch is not installed (Debian: apt-get install python3-torch)")
    if not args.wan21 or not os.path.isfile(os.path.join(args.wan21, "wan", "modules", "vae.py")):
        skip("no Wan2.1 checkout given (--wan21 <dir containing wan/modules/vae.py>)")
    global WANMETER_CLI
    if args.wanmeter and os.access(args.wanmeter, os.X_OK):
        WANMETER_CLI = args.wanmeter
    if not os.access(args.stage_flops, os.X_OK):
        skip(f"wanmeter_stage_flops not found at {args.stage_flops}")
    wan22 = args.wan22 if args.wan22 and os.path.isfile(os.path.join(args.wan22, "wan", "modules", "vae2_2.py")) else None
    if args.dit_layers < 1:
        print("error: --dit-layers must be at least 1")
        sys.exit(2)
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    Counter, how = make_counter(torch)
    print(f"torch {torch.__version__}; counting with {how}")

    stages = set(args.stages.split(","))
    rows = []
    if "vae21" in stages:
        case_vae21(torch, Counter, args.wan21, args.stage_flops, rows)
    if "vae22" in stages:
        if not wan22:
            print("note: no Wan2.2 checkout given; Wan2.2 VAE cases skipped")
        elif not _has_vae22(args):
            print("note: this wanmeter_stage_flops has no Wan2.2 VAE; Wan2.2 VAE cases skipped")
        else:
            case_vae22(torch, Counter, wan22, args.stage_flops, rows)
    if "clip" in stages:
        case_clip(torch, Counter, args.wan21, args.stage_flops, rows)
    if "t5" in stages:
        case_t5(torch, Counter, args.wan21, args.stage_flops, args.t5_layers, rows)
    if "dit" in stages:
        run_dit(torch, Counter, args, wan22, rows)
    if not rows:
        skip("no case ran")

    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  {'official':>20}  {'wanmeter':>20}  equal")
    bad = 0
    for name, official, ours in rows:
        ok = official == ours
        bad += not ok
        print(f"{name:<{width}}  {official:>20,}  {ours:>20,}  {'yes' if ok else 'NO'}")
    print(f"{len(rows) - bad}/{len(rows)} equal")
    return 1 if bad else 0


def run_dit(torch, Counter, args, wan22, rows):
    import tempfile
    import warnings
    # model.py's autocast('cuda', ...) regions are disabled on a CPU-only torch (fp32 throughout).
    warnings.filterwarnings("ignore", message=".*CUDA is not available.*")
    if "dit <config.json>" not in subprocess.run([args.stage_flops], capture_output=True, text=True).stderr:
        print("note: this wanmeter_stage_flops has no dit mode; DiT cases skipped")
        return
    wanted = set(args.dit_cases.split(","))
    unknown = wanted - {c[0] for c in DIT_CASES}
    if unknown:
        print(f"error: unknown --dit-cases {sorted(unknown)}; valid: {', '.join(c[0] for c in DIT_CASES)}")
        sys.exit(2)  # a usage error, not a mismatch
    checkouts = {"wan21": args.wan21, "wan22": wan22}
    with tempfile.TemporaryDirectory(prefix="wanmeter-dit-") as tmp:
        for case in DIT_CASES:
            if case[0] not in wanted:
                continue
            if checkouts[case[2]] is None:
                print(f"note: no Wan2.2 checkout given; DiT case {case[0]} skipped")
                continue
            case_dit(torch, Counter, checkouts, args.stage_flops, case, args.dit_layers, args.dit_full, tmp, rows)


def _has_vae22(args):
    r = subprocess.run([args.stage_flops, "vae22", "1", "64", "64"], capture_output=True, text=True)
    return r.returncode == 0


if __name__ == "__main__":
    sys.exit(main())
