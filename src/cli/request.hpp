#pragma once
// Parsing `wanmeter analyze`: the flags given, as plain name -> text pairs, become the run to
// analyse (`run_request`), its run id and the output choices. Nothing here depends on
// Boost.ProgramOptions (args.hpp only splits argv into these pairs), so another front end, e.g.
// a web page built with WebAssembly, gets the same rules and the same messages:
//
//   const analyze_request a = parse_analyze({{"model", "wan2.2-t2v-a14b"}, {"frames", "5"},
//                                            {"device", "h100-sxm"}});
//   a.run_id == "wan2.2-t2v-a14b_defaults_frames-5_device-h100-sxm"
//
// Every problem throws: `invalid_input` (a knob, its value and the rule) or `usage_error` (an
// unknown or repeated flag, a value given to a switch, contradictory flags). Rules that belong to
// the model (frames 4n+1, the shift range, ...) are not checked here but by the plan (`analyze`).
#include <wanmeter/run/request.hpp>

#include <array>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wanmeter::cli {

/// A command line that is malformed as such (unknown, repeated or contradictory flags).
class usage_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// The flags given: name without the dashes -> text ("" for a switch).
using flag_values = std::vector<std::pair<std::string, std::string>>;

/// One flag of `wanmeter analyze`.
struct flag_spec {
  std::string_view name;       ///< without the dashes
  std::string_view value_name; ///< empty: a switch, which takes no value
  std::string_view help;
  char short_name = '\0';      ///< `-h`; '\0' when none
};

/// Every flag of `wanmeter analyze`, in the order `--help` lists them.
inline constexpr std::array<flag_spec, 39> analyze_flags{{
    {.name = "help", .value_name = "", .help = "show this help", .short_name = 'h'},
    {.name = "model", .value_name = "ID", .help = "model id (default wan2.1-t2v-14b; `wanmeter list` shows all)"},
    {.name = "profile", .value_name = "ID",
     .help = "workload profile id (default: the model's own inference defaults); the knobs below override it"},
    {.name = "frames", .value_name = "N", .help = "output frames, 4n+1 (81)"},
    {.name = "height", .value_name = "PX", .help = "height in pixels, a multiple of 16 (32 for Wan2.2 TI2V)"},
    {.name = "width", .value_name = "PX", .help = "width in pixels, a multiple of 16 (32 for Wan2.2 TI2V)"},
    {.name = "steps", .value_name = "N", .help = "sampling steps, 1 to 1000"},
    {.name = "batch", .value_name = "N", .help = "videos per forward, 1 to 1024"},
    {.name = "guidance-scale", .value_name = "S",
     .help = "classifier-free guidance scale, 0 to 1e30; 1 means no unconditional pass (1 forward per step, else 2)"},
    {.name = "image-size", .value_name = "WxH",
     .help = "input image of an image-conditioned model; I2V/FLF2V output follows its aspect at the workload's area"},
    {.name = "image-input", .value_name = "",
     .help = "Wan2.2 TI2V-5B: image-to-video (encodes the input frame) instead of text-to-video"},
    {.name = "shift", .value_name = "S",
     .help = "sample shift, in (0, 1000] (default: the model's); moves the Wan2.2 A14B expert boundary"},
    {.name = "config", .value_name = "PATH",
     .help = "a DiT config.json (WanModel or diffusers format, a regular file) that replaces the model's architecture"},
    {.name = "device", .value_name = "ID",
     .help = "device for time, fit and the SVG charts (`wanmeter list` shows ids; default none)"},
    {.name = "exec", .value_name = "MODE", .help = "eager (the official code, default) or fused (an ideal fused implementation)"},
    {.name = "weight-dtype", .value_name = "T",
     .help = "DiT weight storage: fp32, bf16 (default fp32 with eager, bf16 with fused), or the blocks' Linears "
             "quantised: fp8 (per-channel scales; fp8 GEMMs on Ada/Hopper/Blackwell), int8 (weight-only), or GGUF "
             "q8_0, q6_k, q5_k_m, q4_k_m (dequantised to bf16 each forward)"},
    {.name = "t5-weight-dtype", .value_name = "T",
     .help = "text encoder's Linears: bf16 (default), fp8, int8, q8_0, q6_k, q5_k_m or q4_k_m"},
    {.name = "offload", .value_name = "POLICY",
     .help = "none, model (the official policy: models move in and out between stages; default on one GPU), "
             "block (DiT blocks streamed every forward, overlapped) or sequential (every module's weights moved "
             "before each call)"},
    {.name = "no-offload", .value_name = "", .help = "the same as --offload none: every model on the device for the whole run"},
    {.name = "resident-blocks", .value_name = "N",
     .help = "--offload block: DiT blocks kept on the device (default: the most that fit; 0 without a device)"},
    {.name = "vae-tiling", .value_name = "",
     .help = "decode in overlapping 256-px tiles (diffusers enable_tiling: 32-latent tiles, stride 24): lower peak, more work"},
    {.name = "t5-cpu", .value_name = "", .help = "run the text encoder on the host CPU (--t5_cpu)"},
    {.name = "attention", .value_name = "K",
     .help = "attention kernel: auto (the official install: FA3 for Wan2.2 on Hopper, else FA2; default), fa2, fa3, "
             "sdpa (PyTorch SDPA: its flash backend, FA2) or sage2 (SageAttention2: int8 QK, fp8/fp16 PV; lossy)"},
    {.name = "attention-density", .value_name = "F",
     .help = "block-sparse self-attention (radial, STA, VSA) keeps this fraction of the 128x64 blocks, in (0, 1] "
             "(default 1: dense; lossy below 1)"},
    {.name = "cache-skip", .value_name = "F",
     .help = "step caching (TeaCache/MagCache): the fraction of steps whose DiT blocks are skipped, in [0, 1); "
             "the first and last step of each expert always run; a skipped forward still runs the embeddings, "
             "the cache's test and the head (stage dit_skipped), a computed one also saves x and stores its "
             "residual (lossy)"},
    {.name = "distilled", .value_name = "",
     .help = "a few-step distilled DiT (LightX2V, Wan2.2-Lightning): 4 steps, guidance 1, A14B 2 + 2 steps per "
             "expert; --steps and --guidance-scale still override (lossy)"},
    {.name = "allow-tf32", .value_name = "",
     .help = "torch.backends.cuda.matmul.allow_tf32 = True (FP32 GEMMs on TF32 tensor cores)"},
    {.name = "host-memory", .value_name = "KIND",
     .help = "host memory of offloaded weights: pageable or pinned (default pageable; pinned with --offload block)"},
    {.name = "ulysses-size", .value_name = "U",
     .help = "GPUs of Ulysses sequence parallelism (heads split; must divide the heads); world size = U x R x CFG"},
    {.name = "ring-size", .value_name = "R", .help = "GPUs of ring attention (Wan2.1 official, or --exec fused)"},
    {.name = "cfg-parallel", .value_name = "",
     .help = "the two guidance branches on two GPU groups (xDiT, LightX2V, SGLang; --exec fused only)"},
    {.name = "dit-fsdp", .value_name = "", .help = "shard the DiT weights over the GPUs (FSDP, one unit per block)"},
    {.name = "t5-fsdp", .value_name = "", .help = "shard the text encoder over the GPUs (FSDP)"},
    {.name = "parallel-vae", .value_name = "",
     .help = "patch-parallel VAE decode: each GPU decodes a slice, then one all-gather (LightX2V; --exec fused only)"},
    {.name = "interconnect", .value_name = "ID",
     .help = "the link between the GPUs (default: the device's own; `wanmeter list` shows ids)"},
    {.name = "network", .value_name = "ID",
     .help = "the network between nodes when the GPUs exceed one node (default: the device's own; `wanmeter list`)"},
    {.name = "run-id", .value_name = "ID",
     .help = "name of the run folder (default: derived from model, profile and overridden knobs)"},
    {.name = "output-root", .value_name = "DIR", .help = "where run folders go (default tmp/profile-output)"},
    {.name = "stdout", .value_name = "", .help = "print report.json on standard output and write no files"},
}};

/// The flag named `name`, or null.
[[nodiscard]] const flag_spec* find_flag(std::string_view name);

/// What `wanmeter analyze` was asked to do.
struct analyze_request {
  run_request run{};        ///< the run to analyse (its config_path is set by `request()`)
  std::string run_id;       ///< given, or derived (derive_run_id); always a valid run id
  std::string output_root;  ///< never empty
  bool to_stdout = false;   ///< print report.json instead of writing the folder
  std::string config_path;  ///< --config as given (run.config_path views it once the request is in place: `request()`)
  std::string image_size;   ///< the --image-size text as given (for messages); empty without

  /// `run` with its config path viewing `config_path` (call it on the request in its final place).
  [[nodiscard]] run_request request() const {
    run_request q = run;
    q.config_path = config_path;
    return q;
  }
};

/// The text given to flag `name` ("" when not given).
[[nodiscard]] const std::string& flag_text(const flag_values& flags, std::string_view name);

/// Maps the flags to a request (see the top of this file). `help` is ignored.
[[nodiscard]] analyze_request parse_analyze(const flag_values& flags);

/// Run ids name a folder: 1 to 128 of [A-Za-z0-9._-], not starting with '.' or '-', no "..".
/// Throws `invalid_input` naming the rule.
void validate_run_id(const std::string& id);

/// `<model>_<profile>` (`<model>_defaults` without a profile label) plus `_<knob>-<value>` for
/// each knob that differs from the base workload, in a fixed order, then the run options given
/// (`options`, e.g. {"device", "h100-sxm"}), e.g.
/// `wan2.1-t2v-14b_wan2-1-720p_frames-5_steps-2_device-h100-sxm`. Characters a run id cannot
/// hold are dropped (`+` of `1e+21`); an id longer than 128 characters keeps the whole parts
/// that fit in its first 111 characters and ends with `_` and 16 hex digits of the 64-bit FNV-1a
/// hash of the whole id, so that it stays valid, readable and distinct. Always passes
/// validate_run_id.
[[nodiscard]] std::string derive_run_id(std::string_view model, std::string_view profile, const workload& base,
                                        const workload& w, const flag_values& options);

/// Shortest text that reads back as `v` ("5", "7.5", "1e+21").
[[nodiscard]] std::string format_scale(double v);

} // namespace wanmeter::cli
