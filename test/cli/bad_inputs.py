#!/usr/bin/env python3
"""CLI tier: a table of bad inputs, each run through the built `wanmeter` in a scratch folder.

    bad_inputs.py <wanmeter> <scratch-dir> [--markdown]

For every case: the exit code is the documented one, standard output is empty, standard error
matches the expected message (knob, value and rule) and holds no control character besides the
line ends (echoed values are escaped), and no file or folder appeared (the scratch folder holds
exactly the case's fixtures afterwards, unchanged). `--markdown` also prints the table (input,
exit code, message) that docs/errors.md shows.

Options of a case: `files` (fixtures), `fifo` (a named pipe to create), `stdout` ("/dev/full" or
"closed": where standard output goes instead of a pipe), `fsize` (RLIMIT_FSIZE in bytes, as
`ulimit -f`), `writes` (the run may write its folder: the case is about standard output),
`timeout` (seconds; a hang fails the case), `needs` (a flag that must be listed).

Cases that use a flag `wanmeter analyze --help` does not list yet (`needs`) are skipped and
reported; at least MIN_CASES cases must run.
"""
import os
import re
import resource
import shutil
import subprocess
import sys

MIN_CASES = 25
TINY = ["--profile", "wan2-1-ci-tiny"]
USAGE, OVERFLOW, IO = 2, 3, 4

# Fixture files (relative path -> content) a case creates in its scratch folder before the run.
GOOD_CONFIG = ('{"_class_name": "WanModel", "model_type": "t2v", "dim": 1536, "ffn_dim": 8960, "num_heads": 12, '
               '"num_layers": 30, "in_dim": 16, "out_dim": 16, "freq_dim": 256, "text_len": 512, "eps": 1e-06}\n')

# (name, args, exit code, stderr regex, options)
CASES = [
    # --- commands and flags (usage) ---
    ("no_command", [], USAGE, r"^wanmeter: missing command\n", {}),
    ("unknown_command", ["analyse"], USAGE,
     r"unknown command 'analyse' \(commands: analyze, plan, list", {}),
    ("list_with_argument", ["list", "models"], USAGE, r"list takes no arguments, got 'models'", {}),
    ("unknown_flag", ["analyze", "--bogus"], USAGE, r"unrecognised option '--bogus'", {}),
    # Found by fuzz/cli_args_fuzzer: a '%' placeholder in a flag made Boost.ProgramOptions loop.
    ("flag_with_placeholder", ["analyze", "--p%original_token%rofile", "wan2-1-ci-tiny"], USAGE,
     r"unrecognised option '--p%original_token%rofile' \(see wanmeter --help\)", {"timeout": 20}),
    ("unknown_flag_placeholder_value", ["analyze", "--bogus=%original_token%"], USAGE,
     r"unrecognised option '--bogus=%original_token%' \(see wanmeter --help\)", {"timeout": 20}),
    # No option-name guessing: an abbreviation is an unknown flag, never --profile or --stdout.
    ("abbreviated_flag", ["analyze", "--prof", "wan2-1-ci-tiny"], USAGE, r"unrecognised option '--prof'", {}),
    ("abbreviated_switch", ["analyze", *TINY, "--std"], USAGE, r"unrecognised option '--std'", {}),
    ("version_with_argument", ["--version", "--bogus"], USAGE, r"--version takes no arguments, got '--bogus'", {}),
    ("help_with_argument", ["--help", "analyze"], USAGE, r"--help takes no arguments, got 'analyze'", {}),
    ("switch_with_value", ["analyze", *TINY, "--stdout=yes"], USAGE,
     r"option '--stdout' does not take any arguments", {}),
    ("repeated_flag", ["analyze", "--frames", "5", "--frames", "9"], USAGE,
     r"option '--frames' cannot be specified more than once", {}),
    ("missing_value", ["analyze", "--frames"], USAGE,
     r"the required argument for option '--frames' is missing", {}),
    ("stray_argument", ["analyze", "wan2.1-t2v-14b"], USAGE, r"too many positional options", {}),
    # --- ids ---
    ("unknown_model", ["analyze", "--model", "wan9-t2v"], USAGE,
     r"invalid model = wan9-t2v: unknown model id; valid ids: wan2\.1-t2v-1\.3b, wan2\.1-t2v-14b, .*wan2\.2-ti2v-5b",
     {}),
    # Control characters of an echoed value are escaped (\x1b), never sent to the terminal.
    ("model_with_escape_sequence", ["analyze", "--model", "\x1b[2J\x1b[31mwan\nx"], USAGE,
     r"invalid model = \\x1b\[2J\\x1b\[31mwan\\x0ax: unknown model id", {}),
    ("unknown_profile", ["analyze", "--profile", "wan2-1-4k"], USAGE,
     r"invalid profile = wan2-1-4k: unknown profile id; valid ids: wan2-1-ci-tiny, .*wan2-1-720p", {}),
    ("unknown_device", ["analyze", *TINY, "--device", "h100"], USAGE,
     r"invalid device = h100: unknown device id; valid ids: .*h100-sxm", {"needs": "--device"}),
    # --- frames ---
    ("frames_not_4n_plus_1", ["analyze", *TINY, "--frames", "80"], USAGE,
     r"invalid frames = 80: frames must be 4n\+1 \(1, 5, 9, \.\.\., 81, \.\.\.\)", {}),
    ("frames_zero", ["analyze", *TINY, "--frames", "0"], USAGE, r"invalid frames = 0: frames must be 4n\+1", {}),
    ("frames_too_many", ["analyze", *TINY, "--frames", "4097"], USAGE,
     r"invalid frames = 4097: frames must be at most 4093 \(1024 latent frames\)", {}),
    ("frames_not_a_number", ["analyze", "--frames", "8x1"], USAGE,
     r"invalid frames = 8x1: frames must be an unsigned decimal integer", {}),
    ("frames_empty", ["analyze", "--frames", ""], USAGE,
     r"invalid frames = (\"\")?: frames must be an unsigned decimal integer", {}),
    ("frames_plus_sign", ["analyze", "--frames", "+5"], USAGE,
     r"invalid frames = \+5: frames must be an unsigned decimal integer", {}),
    ("frames_leading_space", ["analyze", "--frames", " 5"], USAGE,
     r"invalid frames =  5: frames must be an unsigned decimal integer", {}),
    ("frames_past_64_bits", ["analyze", "--frames", "18446744073709551617"], USAGE,
     r"invalid frames = 18446744073709551617: frames must be an unsigned decimal integer", {}),
    # --- batch and steps ---
    ("batch_negative", ["analyze", "--batch", "-1"], USAGE,
     r"invalid batch = -1: batch must be an unsigned decimal integer", {}),
    ("batch_zero", ["analyze", *TINY, "--batch", "0"], USAGE, r"invalid batch = 0: batch must be between 1 and 1024", {}),
    ("batch_too_large", ["analyze", *TINY, "--batch", "1025"], USAGE,
     r"invalid batch = 1025: batch must be between 1 and 1024", {}),
    ("batch_scientific", ["analyze", "--batch", "1e3"], USAGE,
     r"invalid batch = 1e3: batch must be an unsigned decimal integer", {}),
    ("steps_zero", ["analyze", *TINY, "--steps", "0"], USAGE, r"invalid steps = 0: steps must be between 1 and 1000", {}),
    ("steps_too_many", ["analyze", *TINY, "--steps", "1001"], USAGE,
     r"invalid steps = 1001: steps must be between 1 and 1000", {}),
    ("steps_fraction", ["analyze", "--steps", "2.5"], USAGE,
     r"invalid steps = 2\.5: steps must be an unsigned decimal integer", {}),
    # --- resolution ---
    ("height_not_multiple", ["analyze", *TINY, "--height", "100"], USAGE,
     r"invalid height = 100: height must be a positive multiple of 16 \(VAE stride 8 x patch 2\)", {}),
    ("height_zero", ["analyze", *TINY, "--height", "0"], USAGE,
     r"invalid height = 0: height must be a positive multiple of 16", {}),
    ("height_too_large", ["analyze", *TINY, "--height", "16400"], USAGE,
     r"invalid height = 16400: height must be at most 16384 \(1024 patches\)", {}),
    ("width_not_multiple", ["analyze", *TINY, "--width", "1000"], USAGE,
     r"invalid width = 1000: width must be a positive multiple of 16", {}),
    ("width_too_large", ["analyze", *TINY, "--width", "16400"], USAGE,
     r"invalid width = 16400: width must be at most 16384 \(1024 patches\)", {}),
    ("wan2_2_vae_32px", ["analyze", "--model", "wan2.2-ti2v-5b", *TINY, "--height", "720"], USAGE,
     r"invalid height = 720: height must be a positive multiple of 32 \(VAE stride 16 x patch 2\)", {}),
    ("wan2_2_width_too_large", ["analyze", "--model", "wan2.2-ti2v-5b", *TINY, "--width", "32800"], USAGE,
     r"invalid width = 32800: width must be at most 32768", {}),
    # --- guidance scale ---
    ("guidance_negative", ["analyze", *TINY, "--guidance-scale", "-1"], USAGE,
     r"invalid guidance_scale = -1.*: guidance_scale must be a finite number >= 0", {}),
    ("guidance_nan", ["analyze", *TINY, "--guidance-scale", "nan"], USAGE,
     r"invalid guidance_scale = .*: guidance_scale must be a finite number >= 0", {}),
    ("guidance_infinite", ["analyze", *TINY, "--guidance-scale", "inf"], USAGE,
     r"invalid guidance_scale = inf.*: guidance_scale must be a finite number >= 0", {}),
    ("guidance_not_a_number", ["analyze", "--guidance-scale", "five"], USAGE,
     r"invalid guidance_scale = five: guidance_scale must be a decimal number", {}),
    ("guidance_past_double", ["analyze", "--guidance-scale", "1e400"], USAGE,
     r"invalid guidance_scale = 1e400: guidance_scale must be a decimal number", {}),
    # The library's cap (core/geometry.hpp): at most 1e30.
    ("guidance_past_cap", ["analyze", *TINY, "--guidance-scale", "1e31"], USAGE,
     r"invalid guidance_scale = .*: guidance_scale must be a finite number >= 0", {}),
    # --- run id and output root ---
    ("run_id_escape", ["analyze", *TINY, "--run-id", "../escape"], USAGE,
     r"invalid run-id = \.\./escape: run id must be 1 to 128 characters from \[A-Za-z0-9\._-\]", {}),
    ("run_id_slash", ["analyze", *TINY, "--run-id", "a/b"], USAGE, r"invalid run-id = a/b: run id must be", {}),
    ("run_id_absolute", ["analyze", *TINY, "--run-id", "/tmp/x"], USAGE, r"invalid run-id = /tmp/x: run id must be", {}),
    ("run_id_hidden", ["analyze", *TINY, "--run-id=.hidden"], USAGE, r"invalid run-id = \.hidden: run id must be", {}),
    ("run_id_empty", ["analyze", *TINY, "--run-id", ""], USAGE, r"invalid run-id = \"\": run id must be", {}),
    ("run_id_too_long", ["analyze", *TINY, "--run-id", "r" * 129], USAGE, r"invalid run-id = r{129}: run id must be", {}),
    ("output_root_empty", ["analyze", *TINY, "--output-root", ""], USAGE,
     r"invalid output-root = \"\": output root must not be empty", {}),
    # --- input image: an extreme aspect ratio names the image, not the height it leads to ---
    ("image_size_extreme_aspect", ["analyze", "--model", "wan2.1-i2v-14b-720p", "--image-size", "16384x1"], USAGE,
     r"invalid image_size = 16384x1: at the maximum area 921600 this aspect ratio gives the video a side of 0 "
     r"pixels in the official pipeline", {}),
    # --- weight formats, attention kernels and step levers (run/levers.hpp) ---
    ("weight_format_unknown", ["analyze", *TINY, "--weight-dtype", "q4_0"], USAGE,
     r"invalid weight-dtype = q4_0: weight-dtype must be one of fp32, bf16, fp8, int8, q8_0, q6_k, q5_k_m, q4_k_m",
     {"needs": "--t5-weight-dtype"}),
    ("t5_weight_format_fp32", ["analyze", *TINY, "--t5-weight-dtype", "fp32"], USAGE,
     r"invalid t5-weight-dtype = fp32: t5-weight-dtype must be one of bf16, fp8, int8, q8_0, q6_k, q5_k_m, q4_k_m",
     {"needs": "--t5-weight-dtype"}),
    ("attention_sage1", ["analyze", *TINY, "--attention", "sage"], USAGE,
     r"invalid attention = sage: attention must be one of auto, fa2, fa3, sdpa, sage2", {"needs": "--attention-density"}),
    ("density_zero", ["analyze", *TINY, "--attention-density", "0"], USAGE,
     r"invalid attention_density = 0\.0+: the attention density must be in \(0, 1\]", {"needs": "--attention-density"}),
    ("density_above_one", ["analyze", *TINY, "--attention-density", "1.5"], USAGE,
     r"invalid attention_density = 1\.50+: the attention density must be in \(0, 1\]", {"needs": "--attention-density"}),
    ("density_negative", ["analyze", *TINY, "--attention-density", "-0.5"], USAGE,
     r"invalid attention_density = -0\.50+: the attention density must be in \(0, 1\]", {"needs": "--attention-density"}),
    ("density_nan", ["analyze", *TINY, "--attention-density", "nan"], USAGE,
     r"invalid attention_density = nan: the attention density must be in \(0, 1\]", {"needs": "--attention-density"}),
    ("density_not_a_number", ["analyze", *TINY, "--attention-density", "half"], USAGE,
     r"invalid attention_density = half: attention_density must be a decimal number", {"needs": "--attention-density"}),
    ("cache_skip_one", ["analyze", *TINY, "--cache-skip", "1"], USAGE,
     r"invalid cache_skip = 1\.0+: the cache-skip fraction must be in \[0, 1\)", {"needs": "--cache-skip"}),
    ("cache_skip_above_one", ["analyze", *TINY, "--cache-skip", "2"], USAGE,
     r"invalid cache_skip = 2\.0+: the cache-skip fraction must be in \[0, 1\)", {"needs": "--cache-skip"}),
    ("cache_skip_negative", ["analyze", *TINY, "--cache-skip", "-0.1"], USAGE,
     r"invalid cache_skip = -0\.10+: the cache-skip fraction must be in \[0, 1\)", {"needs": "--cache-skip"}),
    ("cache_skip_nan", ["analyze", *TINY, "--cache-skip", "nan"], USAGE,
     r"invalid cache_skip = nan: the cache-skip fraction must be in \[0, 1\)", {"needs": "--cache-skip"}),
    ("distilled_with_value", ["analyze", *TINY, "--distilled=yes"], USAGE,
     r"option '--distilled' does not take any arguments", {"needs": "--distilled"}),
    # --- contradictory options ---
    # --- offload policies and VAE tiling (perf/offload_policy.hpp, run/plan.hpp) ---
    ("offload_unknown_policy", ["analyze", *TINY, "--offload", "layer", "--stdout"], USAGE,
     r"invalid offload = layer: offload must be one of none, model, block, sequential", {"needs": "--resident-blocks"}),
    ("offload_without_policy", ["analyze", *TINY, "--offload", "--stdout"], USAGE,
     r"invalid offload = --stdout: offload must be one of none, model, block, sequential",
     {"needs": "--resident-blocks"}),
    ("resident_blocks_with_model_offload", ["analyze", *TINY, "--offload", "model", "--resident-blocks", "4",
                                            "--stdout"], USAGE,
     r"invalid resident-blocks = 4: --resident-blocks applies to --offload block only", {"needs": "--resident-blocks"}),
    ("resident_blocks_without_offload", ["analyze", *TINY, "--resident-blocks", "4", "--stdout"], USAGE,
     r"invalid resident-blocks = 4: --resident-blocks applies to --offload block only", {"needs": "--resident-blocks"}),
    ("resident_blocks_past_layers", ["analyze", *TINY, "--offload", "block", "--resident-blocks", "41", "--stdout"],
     USAGE, r"invalid resident_blocks = 41: at most the DiT's 40 blocks can stay resident", {"needs": "--resident-blocks"}),
    ("resident_blocks_not_a_number", ["analyze", *TINY, "--offload", "block", "--resident-blocks", "-1", "--stdout"],
     USAGE, r"invalid resident-blocks = -1: resident-blocks must be an unsigned decimal integer",
     {"needs": "--resident-blocks"}),
    ("block_offload_on_several_gpus", ["analyze", *TINY, "--offload", "block", "--ulysses-size", "2", "--stdout"],
     USAGE, r"invalid offload = block: block and sequential offload are modelled on one GPU",
     {"needs": "--resident-blocks"}),
    ("offload_and_no_offload", ["analyze", *TINY, "--offload", "model", "--no-offload", "--stdout"], USAGE,
     r"--offload and --no-offload exclude each other", {"needs": "--resident-blocks"}),
    ("vae_tiling_takes_no_value", ["analyze", *TINY, "--vae-tiling=yes", "--stdout"], USAGE,
     r"option '--vae-tiling' does not take any arguments", {"needs": "--vae-tiling"}),
    # --- multi-GPU layouts (run/parallel.hpp) ---
    ("parallel_vae_eager", ["analyze", *TINY, "--parallel-vae", "--ulysses-size", "2", "--stdout"], USAGE,
     r"invalid parallel_vae = 1: the patch-parallel VAE decode is not in the official code", {}),
    ("parallel_vae_with_tiling", ["analyze", *TINY, "--exec", "fused", "--parallel-vae", "--ulysses-size", "2",
                                  "--vae-tiling", "--stdout"], USAGE,
     r"invalid vae_tiling = on: the tiled decode and the patch-parallel decode \(--parallel-vae\) are alternatives", {}),
    ("ulysses_not_dividing_heads", ["analyze", "--model", "wan2.1-t2v-1.3b", "--ulysses-size", "8", "--stdout"], USAGE,
     r"invalid ulysses_size = 8: the Ulysses degree must divide the number of heads \(12 for wan2\.1-t2v-1\.3b\)", {}),
    ("ring_on_wan2_2", ["analyze", "--model", "wan2.2-t2v-a14b", "--ring-size", "2", "--stdout"], USAGE,
     r"invalid ring_size = 2: the official Wan2\.2 code has no ring attention", {}),
    ("cfg_parallel_eager", ["analyze", *TINY, "--cfg-parallel", "--stdout"], USAGE,
     r"invalid cfg_size = 2: CFG parallel is not in the official code; use --exec fused", {}),
    ("ulysses_zero", ["analyze", *TINY, "--ulysses-size", "0", "--stdout"], USAGE,
     r"invalid ulysses_size = 0: the Ulysses degree must be between 1 and 64", {}),
    # --- across nodes (run/cluster.hpp) ---
    ("world_size_128", ["analyze", *TINY, "--ulysses-size", "8", "--ring-size", "16", "--device", "h100-sxm",
                        "--stdout"], USAGE,
     r"invalid world_size = 128: the world size \(ulysses x ring x cfg\) must be at most 64", {}),
    ("partial_node", ["analyze", *TINY, "--ulysses-size", "4", "--ring-size", "3", "--device", "h100-sxm",
                      "--stdout"], USAGE,
     r"invalid world_size = 12: above one node the world size must be a whole number of 8-GPU nodes "
     r"\(nvlink4 connects at most 8\)", {}),
    ("consumer_card_across_nodes", ["analyze", "--model", "wan2.1-t2v-1.3b", "--profile", "wan2-1-ci-tiny",
                                    "--ulysses-size", "4", "--ring-size", "4", "--device", "rtx-4090", "--stdout"],
     USAGE, r"invalid network = none: 16 GPUs span 2 8-GPU nodes .*rtx-4090 has no default network \(a PCIe "
     r"card\): name one with --network \(ib-ndr, ", {"needs": "--network"}),
    ("ulysses_across_node_boundary", ["analyze", *TINY, "--ulysses-size", "10", "--ring-size", "4", "--device",
                                      "h100-sxm", "--stdout"], USAGE,
     r"invalid ulysses_size = 10: across nodes every Ulysses group must sit inside one node or on whole nodes: "
     r"the Ulysses degree must divide the GPUs per node \(8\) or be a multiple of it", {}),
    ("unknown_network", ["analyze", *TINY, "--network", "ib", "--stdout"], USAGE,
     r"invalid network = ib: unknown network id; valid ids: ib-ndr, ib-hdr, roce-200g, eth-100g",
     {"needs": "--network"}),
    ("unknown_interconnect", ["analyze", *TINY, "--interconnect", "nvl", "--stdout"], USAGE,
     r"invalid interconnect = nvl: unknown interconnect id; valid ids: nvlink4, ", {}),
    ("image_for_text_model", ["analyze", *TINY, "--image-size", "640x480"], USAGE,
     r"invalid image_size = 640x480: wan2\.1-t2v-14b is a text-to-video model and takes no input image",
     {"needs": "--image-size"}),
    # --- model options the pipeline checks ---
    ("shift_negative", ["analyze", "--model", "wan2.2-t2v-a14b", *TINY, "--shift", "-3"], USAGE,
     r"invalid shift = -3.*: the sample shift must be in \(0, 1000\]", {"needs": "--shift"}),
    ("shift_too_large", ["analyze", *TINY, "--shift", "1000.5"], USAGE,
     r"invalid shift = 1000\.5.*: the sample shift must be in \(0, 1000\]", {}),
    ("shift_zero", ["analyze", *TINY, "--shift", "0"], USAGE,
     r"invalid shift = 0: 0 is not a sample shift \(leave --shift out for the model's default\)", {}),
    # --- config.json ---
    ("config_missing_file", ["analyze", *TINY, "--config", "no/such/config.json"], USAGE,
     r"invalid config = no/such/config\.json: cannot open the file for reading", {"needs": "--config"}),
    ("config_truncated", ["analyze", *TINY, "--model", "wan2.1-t2v-1.3b", "--config", "config.json"], USAGE,
     r"invalid config = config\.json: malformed JSON at line 1, column \d+",
     {"needs": "--config", "files": {"config.json": GOOD_CONFIG[:70]}}),
    ("config_missing_field", ["analyze", *TINY, "--model", "wan2.1-t2v-1.3b", "--config", "config.json"], USAGE,
     r"invalid config\.ffn_dim = \(missing\): the field is required",
     {"needs": "--config", "files": {"config.json": GOOD_CONFIG.replace('"ffn_dim": 8960, ', "")}}),
    ("config_inconsistent", ["analyze", *TINY, "--model", "wan2.1-t2v-1.3b", "--config", "config.json"], USAGE,
     r"invalid config\.num_heads = 7: dim \(1536\) must be a multiple of num_heads",
     {"needs": "--config", "files": {"config.json": GOOD_CONFIG.replace('"num_heads": 12', '"num_heads": 7')}}),
    ("config_negative_field", ["analyze", *TINY, "--model", "wan2.1-t2v-1.3b", "--config", "config.json"], USAGE,
     r"invalid config\.num_layers = -30: must be a non-negative integer",
     {"needs": "--config", "files": {"config.json": GOOD_CONFIG.replace('"num_layers": 30', '"num_layers": -30')}}),
    ("config_fifo", ["analyze", *TINY, "--config", "config.fifo"], USAGE,
     r"invalid config = config\.fifo: not a regular file", {"fifo": "config.fifo", "timeout": 20}),
    ("config_folder", ["analyze", *TINY, "--config", "."], USAGE, r"invalid config = \.: not a regular file", {}),
    # --- overflow (exit 3) ---
    ("overflow", ["analyze", "--batch", "1024"], OVERFLOW,
     r"integer overflow: the workload's counts exceed the 64-bit range", {}),
    # Every count of report.json fits, but FLOPs per run (tensor + vector: 21 videos, 67 steps at
    # 720p on the 14B model, about 1.85e19 > 2^64) does not: the same outcome with --stdout as
    # without, because every artifact text is formed before anything is emitted.
    ("overflow_only_in_a_sum_stdout", ["analyze", "--batch", "21", "--steps", "67", "--stdout"], OVERFLOW,
     r"integer overflow", {}),
    ("overflow_only_in_a_sum_files", ["analyze", "--batch", "21", "--steps", "67"], OVERFLOW, r"integer overflow", {}),
    # --- I/O (exit 4): the path is named, nothing is created ---
    ("output_root_is_a_file", ["analyze", *TINY, "--output-root", "blocker/out"], IO,
     r"^wanmeter: cannot write blocker/out[^\n]*: Not a directory", {"files": {"blocker": "not a folder\n"}}),
    ("run_folder_is_a_file", ["analyze", *TINY, "--output-root", "out", "--run-id", "run1"], IO,
     r"^wanmeter: cannot write out/run1[^\n]*: Not a directory", {"files": {"out/run1": "not a folder\n"}}),
    ("report_path_is_a_folder", ["analyze", *TINY, "--output-root", "out", "--run-id", "run2"], IO,
     r"^wanmeter: cannot write out/run2/static_analysis/wan2_1/report\.json",
     {"files": {"out/run2/static_analysis/wan2_1/report.json/keep": "a folder in the way\n"}}),
    ("foreign_file_in_run_folder", ["analyze", *TINY, "--output-root", "out", "--run-id", "run3"], IO,
     r"^wanmeter: cannot write out/run3/static_analysis/wan2_1/notes\.txt: not written by wanmeter",
     {"files": {"out/run3/static_analysis/wan2_1/notes.txt": "mine\n",
                "out/run3/static_analysis/wan2_1/report.json": "{}\n"}}),
    # A file size limit (ulimit -f 2): EFBIG, not a SIGXFSZ kill; no partial file left.
    ("file_size_limit", ["analyze", *TINY, "--output-root", "out"], IO,
     r"^wanmeter: cannot write out/[^\n]*/report\.json: write failed: File too large", {"fsize": 2048}),
    # Standard output that cannot be written: reported, exit 4.
    ("stdout_full", ["analyze", *TINY, "--stdout"], IO, r"^wanmeter: cannot write to standard output: No space",
     {"stdout": "/dev/full"}),
    ("stdout_closed", ["analyze", *TINY, "--stdout"], IO, r"^wanmeter: cannot write to standard output: Bad file",
     {"stdout": "closed"}),
    ("list_stdout_full", ["list"], IO, r"^wanmeter: cannot write to standard output", {"stdout": "/dev/full"}),
    ("help_stdout_closed", ["analyze", "--help"], IO, r"^wanmeter: cannot write to standard output",
     {"stdout": "closed"}),
    ("console_lines_stdout_full", ["analyze", *TINY, "--output-root", "out"], IO,
     r"^wanmeter: cannot write to standard output", {"stdout": "/dev/full", "writes": True}),
]


def listing(root):
    """Every file and folder under root, relative, with the content of files."""
    entries = {}
    for base, dirs, files in os.walk(root):
        for d in dirs:
            entries[os.path.relpath(os.path.join(base, d), root) + "/"] = None
        for f in files:
            path = os.path.join(base, f)
            if os.path.islink(path):
                entries[os.path.relpath(path, root)] = ("link", os.readlink(path))
            elif not os.path.isfile(path):
                entries[os.path.relpath(path, root)] = "special"  # a FIFO: never opened here
            else:
                with open(path, "rb") as fh:
                    entries[os.path.relpath(path, root)] = fh.read()
    return entries


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    exe, scratch = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    markdown = "--markdown" in sys.argv[3:]
    names = [c[0] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    helptext = subprocess.run([exe, "analyze", "--help"], capture_output=True, text=True, check=False).stdout
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    failures, skipped, ran, rows = [], [], 0, []
    for name, args, rc, pattern, opts in CASES:
        needs = opts.get("needs")
        if needs and needs not in helptext:
            skipped.append(f"{name} (needs {needs})")
            continue
        work = os.path.join(scratch, name)
        os.makedirs(work)
        for rel, content in opts.get("files", {}).items():
            os.makedirs(os.path.dirname(os.path.join(work, rel)) or work, exist_ok=True)
            with open(os.path.join(work, rel), "w", encoding="utf-8") as fh:
                fh.write(content)
        if "fifo" in opts:
            os.mkfifo(os.path.join(work, opts["fifo"]))
        before = listing(work)
        where = opts.get("stdout")
        stdout = subprocess.PIPE if where is None else (subprocess.DEVNULL if where == "closed" else open(where, "wb"))

        def child_setup(opts=opts, where=where):
            if "fsize" in opts:
                resource.setrlimit(resource.RLIMIT_FSIZE, (opts["fsize"], opts["fsize"]))
            if where == "closed":
                os.close(1)

        try:
            p = subprocess.run([exe, *args], cwd=work, stdout=stdout, stderr=subprocess.PIPE,
                               timeout=opts.get("timeout", 300), check=False, preexec_fn=child_setup)
        except subprocess.TimeoutExpired:
            failures.append(f"{name}: timed out")
            continue
        finally:
            if where not in (None, "closed"):
                stdout.close()
        ran += 1
        out, err = (p.stdout or b"").decode(errors="replace"), p.stderr.decode(errors="replace")
        problems = []
        if p.returncode != rc:
            problems.append(f"exit code {p.returncode}, expected {rc}")
        if out:
            problems.append(f"stdout not empty: {out[:300]!r}")
        if not re.search(pattern, err):
            problems.append(f"stderr does not match {pattern!r}")
        if re.search(r"[\x00-\x09\x0b-\x1f\x7f]", err):
            problems.append("stderr holds control characters")
        after = listing(work)
        if after != before and not opts.get("writes"):
            added = sorted(set(after) - set(before))
            changed = sorted(k for k in before if k in after and after[k] != before[k])
            removed = sorted(set(before) - set(after))
            problems.append(f"files changed: added {added}, changed {changed}, removed {removed}")
        status = "ok" if not problems else "FAIL"
        print(f"{status}: {name}: wanmeter {' '.join(repr(a) if a == '' or not a.isprintable() or ' ' in a else a for a in args)}"
              f" -> {p.returncode}: {err.strip()[:200]}")
        if problems:
            failures.append(f"{name}: " + "; ".join(problems) + f"\n    stderr: {err.strip()[:500]}")
        shown = " ".join('""' if a == "" else (repr(a) if not a.isprintable() else (f"'{a}'" if " " in a else a))
                         for a in args)
        rows.append(f"| `wanmeter {shown}` | {p.returncode} | `{err.strip().splitlines()[0] if err.strip() else ''}` |")
    for s in skipped:
        print(f"skipped: {s}")
    if markdown:
        print("\n| input | exit | message (standard error) |\n|---|---|---|")
        print("\n".join(rows))
    if ran < MIN_CASES:
        failures.append(f"only {ran} cases ran, at least {MIN_CASES} must")
    if failures:
        print(f"\n{len(failures)} of {ran} cases failed:")
        for f in failures:
            print("  " + f)
        return 1
    print(f"\nall {ran} bad inputs rejected as documented ({len(skipped)} skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
