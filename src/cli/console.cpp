// Standard output of `wanmeter` (console.hpp).
#include "console.hpp"

#include <wanmeter/hw/devices.hpp>
#include <wanmeter/hw/interconnect.hpp>
#include <wanmeter/hw/network.hpp>
#include <wanmeter/io/summary_md.hpp>
#include <wanmeter/models/wan/profiles.hpp>
#include <wanmeter/models/wan/registry.hpp>
#include <wanmeter/version.hpp>

#include <array>
#include <cstdarg>
#include <cstdio>
#include <ostream>

namespace wanmeter::cli {
namespace {

constexpr std::string_view exit_codes_line =
    "Exit codes: 0 success, 2 usage or invalid input, 3 overflow, 4 I/O error, 5 out of memory.\n";

/// printf into a stream.
[[gnu::format(printf, 2, 3)]] void say(std::ostream& os, const char* format, ...) {
  std::array<char, 1024> small{};
  va_list args;
  va_start(args, format);
  va_list again;
  va_copy(again, args);
  const int n = std::vsnprintf(small.data(), small.size(), format, args);
  va_end(args);
  if (n < 0) {
    va_end(again);
    return;
  }
  if (static_cast<std::size_t>(n) < small.size()) {
    os.write(small.data(), n);
  } else {
    std::string big(static_cast<std::size_t>(n) + 1, '\0');
    std::vsnprintf(big.data(), big.size(), format, again);
    os.write(big.data(), n);
  }
  va_end(again);
}

std::string version_line() { return std::string(tool_name) + " " + std::string(version); }
std::string pflop(count v) { return detail::fixed(static_cast<double>(v) / 1e15, 3) + " PFLOP"; }
std::string gigabytes(count bytes) { return detail::fixed(static_cast<double>(bytes) / 1e9, 2) + " GB"; }
std::string shown(const std::filesystem::path& p) { return printable(p.string()); }

} // namespace

std::string printable(std::string_view text) {
  std::string s;
  s.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) {
      constexpr std::string_view hex = "0123456789abcdef";
      s += "\\x";
      s += hex[c >> 4U];
      s += hex[c & 0xFU];
    } else {
      s += ch;
    }
  }
  return s;
}

void print_usage(std::ostream& out) {
  out << "Usage: wanmeter <command> [options]\n"
         "\n"
         "Exact analytic cost (FLOPs, memory traffic, weights) of the Wan video diffusion models.\n"
         "\n"
         "Commands:\n"
         "  analyze    analyse a model on a workload; writes report.json and summary.md\n"
         "  plan       search GPUs, layouts and options: what fits, the fastest, the Pareto front\n"
         "  list       list the model, profile and device ids\n"
         "\n"
         "Options:\n"
         "  -h, --help   show this help\n"
         "  --version    show the version\n"
         "\n"
         "`wanmeter analyze --help` lists the options of analyze.\n"
      << exit_codes_line;
}

void print_analyze_usage(std::ostream& out) {
  out << "Usage: wanmeter analyze [options]\n\n"
      << "Writes <output-root>/<run-id>/static_analysis/<wan2_1|wan2_2>/{report.json,summary.md}\n"
      << "(and roofline.svg, stage_times.svg with --device) and prints where they are with the key totals.\n\n"
      << "Options of `wanmeter analyze`:\n";
  print_flag_table(out, analyze_flags);
  out << "\n" << exit_codes_line;
}

void print_flag_table(std::ostream& out, std::span<const flag_spec> flags) {
  for (const flag_spec& f : flags) {
    std::string left;
    if (f.short_name != '\0') {
      left.append("-").append(1, f.short_name).append(" [ --").append(f.name).append(" ]");
    } else {
      left.append("--").append(f.name);
    }
    if (!f.value_name.empty()) left.append(" ").append(f.value_name);
    say(out, "  %-24s %.*s\n", left.c_str(), static_cast<int>(f.help.size()), f.help.data());
  }
}

void print_version(std::ostream& out) { out << version_line() << "\n"; }

void print_list(std::ostream& out) {
  say(out, "models:\n");
  for (const auto& m : model_registry) {
    say(out, "  %-22.*s %.*s\n", static_cast<int>(m.id.size()), m.id.data(), static_cast<int>(m.description.size()),
        m.description.data());
  }
  say(out, "profiles:\n");
  for (const auto& p : profile_registry) {
    say(out, "  %-22.*s %.*s\n", static_cast<int>(p.id.size()), p.id.data(), static_cast<int>(p.description.size()),
        p.description.data());
  }
  say(out, "devices:\n");
  for (const auto& d : device_registry) {
    say(out, "  %-22.*s %.*s, %s, %s BF16 TFLOP/s, %s TB/s\n", static_cast<int>(d.id.size()), d.id.data(),
        static_cast<int>(d.name.size()), d.name.data(), gigabytes(d.memory_capacity).c_str(),
        detail::fixed(static_cast<double>(d.bf16_tensor_flops) / 1e12, 1).c_str(),
        detail::fixed(static_cast<double>(d.memory_bandwidth) / 1e12, 2).c_str());
  }
  say(out, "interconnects:\n");
  for (const auto& ic : interconnect_registry) {
    say(out, "  %-22.*s %.*s, %s GB/s bus bandwidth\n", static_cast<int>(ic.id.size()), ic.id.data(),
        static_cast<int>(ic.name.size()), ic.name.data(),
        detail::fixed(static_cast<double>(ic.busbw) / 1e9, 0).c_str());
  }
  say(out, "networks (between nodes):\n");
  for (const auto& n : network_registry) {
    say(out, "  %-22.*s %.*s, %s GB/s per NIC\n", static_cast<int>(n.id.size()), n.id.data(),
        static_cast<int>(n.name.size()), n.name.data(), detail::fixed(static_cast<double>(n.nic_busbw) / 1e9, 0).c_str());
  }
}

void print_analysis(std::ostream& out, const analyze_request& a, const run_report& r, const artifact_set& set) {
  const run_request& q = a.run;
  const pipeline_plan& pp = r.plan.pipeline;
  const workload& rw = pp.w;
  const std::string_view label = q.profile_id.empty() ? std::string_view("its defaults") : q.profile_id;
  const count fpr = detail::flops(r.rows.core.totals);
  const char* const steps_word = rw.steps == 1 ? "step" : "steps";
  say(out, "%s: %.*s on %.*s (%llux%llu, %llu frames, %llu %s, batch %llu, guidance scale %s)\n",
      version_line().c_str(), static_cast<int>(q.model.id.size()), q.model.id.data(), static_cast<int>(label.size()),
      label.data(), static_cast<unsigned long long>(rw.width), static_cast<unsigned long long>(rw.height),
      static_cast<unsigned long long>(rw.frames), static_cast<unsigned long long>(rw.steps), steps_word,
      static_cast<unsigned long long>(rw.batch), format_scale(rw.guidance_scale).c_str());
  say(out, "run id:            %s\n", a.run_id.c_str());
  say(out, "report:            %s\n", shown(set.folder / "report.json").c_str());
  say(out, "summary:           %s\n", shown(set.folder / "summary.md").c_str());
  if (set.has_charts()) {
    say(out, "charts:            %s, %s%s%s\n", shown(set.folder / "roofline.svg").c_str(),
        shown(set.folder / "stage_times.svg").c_str(), set.scaling_svg.empty() ? "" : ", ",
        set.scaling_svg.empty() ? "" : shown(set.folder / "scaling.svg").c_str());
  }
  const token_geometry& g = r.rows.core.header.geometry;
  const auto& patch = r.request().model.arch.patch_size;
  say(out, "tokens:            %s per sample (%llu x %llu x %llu latents / %llux%llux%llu patches), %s per forward\n",
      detail::grouped(g.dit_seq_len).c_str(), static_cast<unsigned long long>(g.latent_frames),
      static_cast<unsigned long long>(g.latent_height), static_cast<unsigned long long>(g.latent_width),
      static_cast<unsigned long long>(patch[0]), static_cast<unsigned long long>(patch[1]),
      static_cast<unsigned long long>(patch[2]), detail::grouped(g.batch_tokens()).c_str());
  const count forwards = pp.dit_forwards();
  const stage_row* dit = r.rows.core.first_dit();
  if (pp.two_experts) {
    say(out, "forwards per run:  %s (%llu %s x %llu; high-noise expert %llu steps, low-noise %llu)\n",
        detail::grouped(forwards).c_str(), static_cast<unsigned long long>(rw.steps), steps_word,
        static_cast<unsigned long long>(forwards_per_step(rw)), static_cast<unsigned long long>(pp.high_noise_steps),
        static_cast<unsigned long long>(pp.low_noise_steps));
  } else {
    say(out, "forwards per run:  %s (%llu %s x %llu)\n", detail::grouped(forwards).c_str(),
        static_cast<unsigned long long>(rw.steps), steps_word, static_cast<unsigned long long>(forwards_per_step(rw)));
  }
  if (dit != nullptr) {
    const count fwd = detail::flops(dit->per_call);
    say(out, "FLOPs per forward: %s (%s; tensor %s, vector %s)\n", detail::grouped(fwd).c_str(), pflop(fwd).c_str(),
        detail::grouped(dit->per_call.tensor_flops).c_str(), detail::grouped(dit->per_call.vector_flops).c_str());
  }
  if (pp.skipped_forwards > 0) {
    // Step caching: the forwards left out above run the embeddings, the cache and the head.
    count skipped_flops = 0;
    for (const stage_row& st : r.rows.core.stage_rows()) {
      if (kind_of(st.id) == stage_kind::dit_skipped) skipped_flops = add(skipped_flops, detail::flops(st.total));
    }
    say(out, "skipped forwards:  %s (step caching; %s in all: embeddings, cache, head)\n",
        detail::grouped(pp.skipped_forwards).c_str(), pflop(skipped_flops).c_str());
  }
  say(out, "FLOPs per run:     %s (%s, whole pipeline)\n", detail::grouped(fpr).c_str(), pflop(fpr).c_str());
  const pipeline_memory& mem = r.memory;
  const std::string_view peak_stage = name_of(mem.stages[mem.peak_stage].stage);
  say(out, "peak memory:       %s in %.*s (%s of weights + %s of activations)%s\n", gigabytes(mem.peak_bytes).c_str(),
      static_cast<int>(peak_stage.size()), peak_stage.data(),
      gigabytes(mem.weights_bytes).c_str(), gigabytes(mem.peak_activation_bytes).c_str(),
      mem.has_device ? (mem.fits ? ", fits" : ", does NOT fit") : "");
  const offload_plan& off = r.plan.offload;
  if (off.policy == offload_policy::block) {
    say(out, "offload:           block, %llu of %llu DiT blocks resident, %s streamed per forward; host RAM %s\n",
        static_cast<unsigned long long>(off.resident_blocks), static_cast<unsigned long long>(off.dit_blocks),
        gigabytes(mul(off.streamed_blocks, off.block_bytes)).c_str(), gigabytes(mem.host_bytes).c_str());
  } else if (off.policy == offload_policy::sequential) {
    say(out, "offload:           sequential (every module's weights moved in before each call); host RAM %s\n",
        gigabytes(mem.host_bytes).c_str());
  }
  if (r.plan.vae_tiling.tiled) {
    say(out, "vae decode peak:   %s tiled (%llu tiles), %s untiled\n", gigabytes(mem.vae_decode_bytes).c_str(),
        static_cast<unsigned long long>(r.plan.vae_tiling.tiles), gigabytes(mem.vae_decode_untiled_bytes).c_str());
  }
  if (r.has_device()) {
    const std::string_view kernel = name_of(r.plan.roofline.attention);
    say(out, "time on %.*s:%*s%s s (lower bound %s s; transfers %s s; attention %.*s%s)\n",
        static_cast<int>(q.device->id.size()), q.device->id.data(),
        static_cast<int>(q.device->id.size() < 10 ? 10 - q.device->id.size() : 1), "",
        detail::fixed(r.time.time_s, 1).c_str(), detail::fixed(r.time.time_lower_bound_s, 1).c_str(),
        detail::fixed(r.time.transfers.time_s, 1).c_str(), static_cast<int>(kernel.size()), kernel.data(),
        q.exec.roofline.attention == attention_kernel::automatic ? ", auto" : "");
    if (!q.layout.single_gpu()) {
      say(out, "across %llu GPUs:    per rank: compute %s s, communication %s s (not hidden), serial %s s\n",
          static_cast<unsigned long long>(q.layout.world_size()), detail::fixed(r.time.compute_s, 1).c_str(),
          detail::fixed(r.time.communication_s, 2).c_str(), detail::fixed(r.time.serial_s, 1).c_str());
    }
  }
}

} // namespace wanmeter::cli
