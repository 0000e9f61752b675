// The 720p analysis of Wan2.1 T2V-14B (profile wan2-1-720p), computed entirely at compile time
// and printed: geometry, one forward, the whole DiT run, and the breakdown of one block.
#include <wanmeter.hpp>

#include <cstdio>

using namespace wanmeter;

namespace {
constexpr wan_dit_arch arch = wan2_1_t2v_14b;
constexpr workload w = profile_720p;
constexpr token_geometry geometry = make_geometry(arch.rules(), w);
constexpr wan_model dit = make_wan_dit(arch, w);
constexpr dit_run_cost run = dit_run(arch, w);

double pflop(count v) { return static_cast<double>(v) / 1e15; }
double tflop(count v) { return static_cast<double>(v) / 1e12; }
double gb(count v) { return static_cast<double>(v) / 1e9; }
} // namespace

int main() {
  std::printf("wanmeter %.*s: wan2.1-t2v-14b on wan2-1-720p (%llux%llu, %llu frames, %llu steps, guidance %.1f)\n",
              static_cast<int>(version.size()), version.data(), static_cast<unsigned long long>(w.width),
              static_cast<unsigned long long>(w.height), static_cast<unsigned long long>(w.frames),
              static_cast<unsigned long long>(w.steps), w.guidance_scale);
  std::printf("latents %llu x %llu x %llu, %llu tokens per frame, L = %llu tokens\n",
              static_cast<unsigned long long>(geometry.latent_frames),
              static_cast<unsigned long long>(geometry.latent_height),
              static_cast<unsigned long long>(geometry.latent_width),
              static_cast<unsigned long long>(geometry.tokens_per_frame),
              static_cast<unsigned long long>(geometry.dit_seq_len));
  std::printf("per forward: %.3f PFLOP tensor, %.3f TFLOP vector, %.2f GB read, %.2f GB written\n",
              pflop(run.per_forward.tensor_flops), tflop(run.per_forward.vector_flops),
              gb(run.per_forward.bytes_read), gb(run.per_forward.bytes_written));
  std::printf("per run (%llu forwards): %.1f PFLOP tensor; weights %.1f GB (%llu parameters)\n",
              static_cast<unsigned long long>(run.forwards), pflop(run.total.tensor_flops), gb(run.total.weight_bytes),
              static_cast<unsigned long long>(run.total.parameters));
  std::printf("\none block (of %llu), tensor FLOPs and share of the block:\n",
              static_cast<unsigned long long>(arch.num_layers));
  const metrics block = cost_of(dit.blocks.node);
  visit(dit.blocks.node, [&](const node_path& p, const node_info& info, const metrics& m) {
    if (p.depth() != 1 || m.tensor_flops == 0) return;
    std::printf("  %-14s %-20.*s %10.2f TFLOP  %5.1f%%\n", p.str().c_str(), static_cast<int>(info.kind.size()),
                info.kind.data(), tflop(m.tensor_flops),
                100.0 * static_cast<double>(m.tensor_flops) / static_cast<double>(block.tensor_flops));
  });
  return 0;
}
