#pragma once
// The plan of a run: every decision made from a request, once. Which stages run, how often and
// where (device or host), the layer tree of each, the weights each model holds, which models are
// resident on the device during each stage, and what the offload policy moves over the host link.
// Memory (perf/memory.hpp), time and the report rows (run/analyze.hpp) read it; nothing else
// re-plans, re-validates the workload or rebuilds a tree.
//
//   constexpr run_plan p = make_run_plan(run_request{.model = *try_find_model("wan2.1-t2v-14b")});
//   p.stage(stage_id::dit)->calls == 100;  p.weights.dit == 57'153'966'336
//   for_each_stage(p, [](const planned_stage& s, const auto& tree) { ... cost_of(tree) ... });
//   (compiled in examples/analyze_run.cpp)
//
// | stage          | tree                                               | calls                     |
// |----------------|----------------------------------------------------|---------------------------|
// | text_encoder   | make_t5_encoder(umt5_xxl, 1)                       | batch x forwards per step |
// | image_encoder  | make_clip_vision(clip_vit_h_14, images per call)   | batch (Wan2.1 I2V/FLF2V)  |
// | vae_encode     | the model's VAE encoder over vae_encode_frames     | batch (image-conditioned) |
// | dit            | make_wan_dit(arch, w, exec.dit())                  | steps x forwards per step |
// | dit_high_noise | the same tree (the A14B experts share the arch)    | high-noise steps x fps    |
// | dit_low_noise  | the same tree                                      | low-noise steps x fps     |
// | *_skipped      | make_wan_skipped_forward(the DiT tree, exec)       | the expert's skipped      |
//                    (--cache-skip: embeddings, cache, head)              steps x fps
// | vae_decode     | the model's VAE decoder over the output video      | batch                     |
//
// ## Weights (bytes held by each model)
//   DiT     parameters x |weight dtype| (57,153,966,336 B for 14B in fp32; A14B: per expert)
//   T5      umT5-XXL encoder, bf16: 5,680,910,336 x 2 = 11,361,820,672 B
//   CLIP    the whole open-clip XLM-R + ViT-H/14 model is loaded in fp16 (only the visual tower
//           runs): 1,193,014,785 x 2 = 2,386,029,570 B (models/clip/memory.hpp)
//   VAE     encoder + decoder, fp32: 126,892,531 x 4 (Wan2.1), 704,688,668 x 4 (Wan2.2)
//
// ## Residency (which models are on the device during each stage; `generate.py` and the
// pipelines of the official repositories, `offload_model`)
//   no offload   every model the run uses is loaded on the device for the whole run (both A14B
//                experts; the T5 unless --t5-cpu).
//   offload      (generate.py's `--offload_model True`, the default on one GPU)
//     text_encoder   T5 (moved in, and out after encoding; on the host with --t5-cpu), VAE,
//                    and the DiT for Wan2.1 T2V (resident from init; I2V/FLF2V and Wan2.2 keep
//                    their DiTs on the CPU until sampling).
//     image_encoder  CLIP (in and out), VAE, and the Wan2.1 T2V-style resident DiT.
//     vae_encode     VAE (+ the resident DiT as above).
//     dit*           VAE and the running expert only (the other expert is moved out first).
//     vae_decode     VAE only (the DiT is moved out after sampling).
//
// ## Offload moves (each model moved in and out once per run, from pageable host memory)
//   T5 (unless --t5-cpu), CLIP (Wan2.1 I2V/FLF2V), each DiT expert that runs. Without offload
//   nothing moves (loading at init is not part of a generate call).
//
// ## Finer offload policies (perf/offload_policy.hpp; one GPU only)
//   block        the other models as `offload`; each DiT expert keeps its root (embeddings, head)
//                and R resident blocks on the device (moved in and out once per run) plus the
//                stream buffers of min(2, S) blocks (the block computing and the one prefetched:
//                diffusers group offload with use_stream, LightX2V's double CUDA buffers), and
//                streams its other S = num_layers - R blocks host -> device every forward (the
//                host copy stays: no device -> host copy). R = --resident-blocks, or by default
//                the most that keep the DiT stage within the device's memory (0 without a device).
//   sequential   every model's weights stay on the host; each module's weights are copied in just
//                before its call and dropped after (accelerate's AlignDevicesHook behind diffusers
//                `enable_sequential_cpu_offload`): every call of a stage moves its whole model
//                (the VAE's once per chunk, and per tile), and the device holds the largest
//                module's weights.
//   Host RAM (`offload.host_bytes`): every weight that lives on the host at some point: the
//   models moved (T5, CLIP, each DiT expert whole) and the T5 with --t5-cpu; with sequential
//   every model. Worked example: Wan2.2 T2V-A14B bf16, block offload: 2 x 28.58 + 11.36 =
//   68.5 GB of host RAM.
//
// Worked example: Wan2.1 T2V-14B 1280x720x81, offload, fp32 DiT: the text-encoder stage holds
// 57.15 + 11.36 + 0.51 GB of weights; the DiT stage 57.15 + 0.51 GB; the moves are the T5
// (11.36 GB) and the DiT (57.15 GB), each in and out: 137.0 GB over the host link.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/geometry.hpp>
#include <wanmeter/core/instrument.hpp>
#include <wanmeter/core/tree.hpp>
#include <wanmeter/models/clip/memory.hpp>
#include <wanmeter/models/clip/vision.hpp>
#include <wanmeter/models/t5/encoder.hpp>
#include <wanmeter/models/vae/wan2_1.hpp>
#include <wanmeter/models/vae/wan2_2.hpp>
#include <wanmeter/models/vae/tiling.hpp>
#include <wanmeter/models/wan/dit.hpp>
#include <wanmeter/models/wan/dit_memory.hpp>
#include <wanmeter/models/wan/pipeline.hpp>
#include <wanmeter/models/wan/skipped_forward.hpp>
#include <wanmeter/run/communication.hpp>
#include <wanmeter/run/parallel.hpp>
#include <wanmeter/run/request.hpp>
#include <wanmeter/run/stage.hpp>

#include <array>
#include <cstddef>
#include <span>

namespace wanmeter {

/// One stage of the plan.
struct planned_stage {
  stage_id id = stage_id::dit;
  count calls = 0;
  placement where = placement::device;
  count rank_calls = 0;             ///< calls on the busiest rank (DiT: calls / cfg groups; VAE decode: rank 0)
  count weights_bytes = 0;          ///< the weights of the stage's model (wherever it runs)
  count resident_weights_bytes = 0; ///< every model's weights on the device during the stage

  [[nodiscard]] constexpr stage_kind kind() const { return kind_of(id); }
  [[nodiscard]] constexpr std::string_view name() const { return name_of(id); }
};

/// Weights of each model a run loads.
struct model_weights {
  count dit = 0;        ///< one DiT (one expert of A14B)
  count dit_models = 1; ///< 2 for the A14B experts
  count t5 = 0;
  count clip = 0;       ///< 0 when the run has no image encoder
  count vae = 0;        ///< encoder + decoder
  count dit_rank = 0;   ///< one DiT as one rank holds it while it runs (FSDP: shard + gathered root + two gathered blocks; else all of it)
  count t5_rank = 0;    ///< the T5 as one rank holds it while it runs
  count dit_rank_idle = 0; ///< one DiT as a rank holds it while another model runs (FSDP: shard + gathered root)
  count t5_rank_idle = 0;  ///< the T5 likewise
};

/// The layer trees of a run, each built once (an unused one stays empty).
struct run_trees {
  t5_encoder text_encoder{};
  clip_image_encoder image_encoder{};
  wan2_1_vae_encode wan2_1_encode{}; ///< the model's VAE encoder (Wan2.1 VAE models)
  wan2_2_vae_encode wan2_2_encode{}; ///< (Wan2.2 VAE models)
  wan_model dit{};
  wan_model dit_rank{}; ///< the DiT of one rank (models/wan/sequence_shard.hpp); the same as `dit` on one GPU
  /// A forward step caching skips (models/wan/skipped_forward.hpp), whole and of one rank; empty
  /// when no forward is skipped.
  wan_skipped_forward dit_skipped{};
  wan_skipped_forward dit_skipped_rank{};
  wan2_1_vae_decode wan2_1_decode{};
  wan2_2_vae_decode wan2_2_decode{};
  /// With --parallel-vae: the decode of the busiest rank's slice (its rows and the halo rows).
  wan2_1_vae_decode wan2_1_decode_rank{};
  wan2_2_vae_decode wan2_2_decode_rank{};
};

/// What a finer offload policy streams during a stage (perf/offload_policy.hpp): `units`
/// copies of `unit_bytes` host -> device every call; `overlapped`: each copy is prefetched
/// behind the previous unit's compute (block offload from pinned memory), else the compute waits
/// for every copy (sequential offload; pageable copies are synchronous).
struct planned_stream {
  stage_id stage = stage_id::dit;
  count calls = 0;       ///< calls of the stage on the device
  count units = 0;       ///< copies per call (streamed blocks; 1 for a whole model)
  count unit_bytes = 0;  ///< bytes of one copy
  bool overlapped = false;
  [[nodiscard]] constexpr count bytes_per_call() const { return mul(units, unit_bytes); }
};

/// The offload policy as the plan resolved it.
struct offload_plan {
  offload_policy policy = offload_policy::none;
  count dit_blocks = 0;       ///< blocks of one DiT (num_layers)
  count resident_blocks = 0;  ///< block: DiT blocks kept on the device (resolved from auto)
  count streamed_blocks = 0;  ///< block: DiT blocks streamed every forward
  count block_bytes = 0;      ///< one DiT block's weights in their storage dtype
  count dit_root_bytes = 0;   ///< the DiT's weights outside its blocks
  count host_bytes = 0;       ///< host RAM holding weights (see the header comment)
};

/// Whether the VAE decode runs tiled, and on what tiles (models/vae/tiling.hpp).
struct vae_tiling_plan {
  bool tiled = false;          ///< --vae-tiling and the latent exceeds one tile
  vae_tiling_spec spec{};
  count tiles = 0;             ///< tiles per decode call
};

/// Room for the collectives of a run: at most 6 per DiT stage (two experts), 3 per skipped-forward
/// stage, 2 for the text encoder and 1 for a patch-parallel VAE decode (21).
inline constexpr std::size_t max_collectives = 24;

struct run_plan {
  run_request request{};
  pipeline_plan pipeline{};     ///< resolved workload, calls, shift, expert split
  token_geometry geometry{};
  std::array<planned_stage, stage_id_count> stages{};
  std::size_t stage_count = 0;
  model_weights weights{};
  /// Bytes of each model the offload policy moves in and out once during the run.
  std::array<count, stage_id_count> moves{};
  std::size_t move_count = 0;
  offload_plan offload{};
  /// What block / sequential offload streams during each stage.
  std::array<planned_stream, stage_id_count> streams{};
  std::size_t stream_count = 0;
  vae_tiling_plan vae_tiling{};
  /// The PyTorch switches and the attention kernel the run's time assumes: the request's, with
  /// `--attention auto` resolved per model family and device (perf/efficiency.hpp
  /// `resolve_attention`); unresolved without a device.
  roofline_options roofline{};
  sequence_shard shard{};       ///< how one rank sees the DiT's tokens
  count padded_seq_len = 0;     ///< L padded to a multiple of the sequence-parallel degree
  /// With --parallel-vae: pixels of one video the busiest rank decodes (frames x its slice's
  /// rows and halo x width) and the bytes of the whole gathered fp32 video every rank holds.
  count vae_rank_pixels = 0;
  count vae_gathered_bytes = 0;
  /// The collectives of the busiest rank (run/communication.hpp); none on one GPU.
  std::array<planned_collective, max_collectives> collectives{};
  std::size_t collective_count = 0;
  run_trees trees{};

  [[nodiscard]] constexpr std::span<const planned_stage> stage_list() const { return {stages.data(), stage_count}; }
  [[nodiscard]] constexpr std::span<const count> move_list() const { return {moves.data(), move_count}; }
  [[nodiscard]] constexpr std::span<const planned_stream> stream_list() const { return {streams.data(), stream_count}; }
  [[nodiscard]] constexpr std::span<const planned_collective> collective_list() const {
    return {collectives.data(), collective_count};
  }
  [[nodiscard]] constexpr const parallel_layout& layout() const { return request.layout; }
  /// The stage `id`, or nullptr when it does not run.
  [[nodiscard]] constexpr const planned_stage* stage(stage_id id) const {
    for (std::size_t i = 0; i < stage_count; ++i) {
      if (stages[i].id == id) return &stages[i];
    }
    return nullptr;
  }
  /// The first DiT stage (`dit`, else `dit_high_noise`, else `dit_low_noise`), or nullptr.
  [[nodiscard]] constexpr const planned_stage* first_dit() const {
    for (std::size_t i = 0; i < stage_count; ++i) {
      if (is_dit(stages[i].id)) return &stages[i];
    }
    return nullptr;
  }
  [[nodiscard]] constexpr bool has_device() const { return request.device != nullptr; }
};

/// True when the official code keeps the DiT on the device from initialisation (Wan2.1 T2V:
/// `WanT2V` moves it in at init; the image pipelines and Wan2.2 initialise it on the CPU).
[[nodiscard]] constexpr bool dit_resident_from_init(const model_entry& m) {
  return m.arch.version == wan_version::v2_1 && !m.defaults.image_input;
}

namespace detail {
/// The largest weights of one leaf of a tree (what sequential offload holds on the device).
struct max_leaf_weights {
  count bytes = 0;
  constexpr max_leaf_weights& operator+=(const max_leaf_weights& o) {
    if (o.bytes > bytes) bytes = o.bytes;
    return *this;
  }
  friend constexpr max_leaf_weights times(const max_leaf_weights& one, count) { return one; }
};
struct max_leaf_weights_algebra {
  using value = max_leaf_weights;
  static constexpr bool wants_paths = false;
  template <class N>
  constexpr value leaf(const N& n, const node_path&) const {
    return {n.cost().weight_bytes};
  }
};
template <class Tree>
[[nodiscard]] constexpr count largest_leaf_weights(const Tree& t) {
  max_leaf_weights_algebra a{};
  return fold(t, a).bytes;
}

/// The most DiT blocks that block offload can keep resident: the largest R <= n with
/// other + (R + min(2, n - R)) x block <= capacity (R + min(2, n - R) is nondecreasing in R), or 0.
[[nodiscard]] constexpr count most_resident_blocks(count n, count block, count other, count capacity) {
  if (block == 0 || add(other, mul(n, block)) <= capacity) return n;
  if (other >= capacity) return 0;
  const count slots = (capacity - other) / block; // R + 2 <= slots
  return slots > 2 ? (slots - 2 < n ? slots - 2 : n) : 0;
}
} // namespace detail

/// The plan of request `q`. Throws `invalid_input` for an illegal workload or option and
/// `overflow_error` when a count overflows.
///
/// `like`: a plan of the same question made before (a planner evaluating thousands of options,
/// run/plan_search.hpp): the trees that do not depend on what changed are copied from it instead of
/// built again (the VAE and CLIP trees depend on the resolved workload and the patch-parallel
/// ranks, the T5 on its weight format, the DiT on its execution, the device's fp8 GEMMs and the
/// shard). The plan is the same either way.
[[nodiscard]] constexpr run_plan make_run_plan(const run_request& q, const run_plan* like = nullptr) {
  count_event(event::plan);
  run_plan r{};
  r.request = q;
  const pipeline_plan& p = r.pipeline = plan_pipeline(q.model, q.w, q.options); // validates the workload
  const geometry_rules rules = q.model.arch.rules();
  r.geometry = geometry_of_legal(rules, p.w);
  const run_execution& x = q.exec;
  const parallel_layout& layout = q.layout;
  if (!layout.single_gpu() || layout.parallel_vae) check_layout(layout, q.model, x.mode, p.w); // before any tree is built
  if (!(x.attention_density > 0.0 && x.attention_density <= 1.0)) {
    throw invalid_input("attention_density", std::to_string(x.attention_density),
                        "the attention density must be in (0, 1]");
  }
  r.roofline = x.roofline;
  if (q.device != nullptr && x.roofline.attention == attention_kernel::sage2) (void)sage2_tensor_rate(*q.device);
  if (q.device != nullptr) r.roofline.attention = resolve_attention(x.roofline.attention, q.model.arch.version, *q.device);

  // Trees, each built once: one video per VAE call (the official code loops over the batch); the
  // encoder is built (one frame when no encode runs) since its weights are part of the loaded
  // VAE. A VAE geometry is validated again only when the VAE's rules differ from the DiT's (a
  // config.json with another patch size); 1 frame and the run's frames are legal under both.
  run_trees& t = r.trees;
  const bool same_video = like != nullptr && like->pipeline == p && like->request.model.arch.rules() == rules &&
                          like->request.layout.parallel_vae == layout.parallel_vae &&
                          like->request.layout.world_size() == layout.world_size();
  const t5_execution t5x{.quant = x.t5_quant, .quant_gemm = resolve_quant_gemm(x.t5_quant, q.device)};
  if (like != nullptr && like->pipeline == p && like->request.exec.t5_quant == x.t5_quant &&
      resolve_quant_gemm(x.t5_quant, like->request.device) == t5x.quant_gemm) {
    t.text_encoder = like->trees.text_encoder;
  } else {
    t.text_encoder = make_t5_encoder(umt5_xxl, 1, t5x);
  }
  if (same_video) {
    t.image_encoder = like->trees.image_encoder;
  } else if (p.image_encoder_calls > 0) {
    t.image_encoder = make_clip_vision(clip_vit_h_14, p.images_per_image_encoder_call);
  }
  const workload video{.batch = 1, .frames = p.w.frames, .height = p.w.height, .width = p.w.width, .steps = 1};
  const workload encoded{.batch = 1, .frames = p.vae_encode_frames == 0 ? 1 : p.vae_encode_frames,
                         .height = p.w.height, .width = p.w.width, .steps = 1};
  const auto vae_geometry = [&](const geometry_rules& vae_rules, const workload& w) {
    return vae_rules == rules ? geometry_of_legal(vae_rules, w) : make_geometry(vae_rules, w);
  };
  const token_geometry decoded = vae_geometry(p.wan2_2_vae ? wan2_2_vae.rules() : wan2_1_vae.rules(), video);
  // Patch-parallel decode (run/parallel.hpp): the busiest rank decodes ceil(h / p) latent rows
  // plus its halo rows; the kept slices, padded to ceil(h / p) rows, are all-gathered in fp32.
  token_geometry decoded_rank = decoded;
  count vae_slice_pixel_rows = 0;
  if (layout.parallel_vae && x.vae_tiling) {
    throw invalid_input("vae_tiling", "on",
                        "the tiled decode and the patch-parallel decode (--parallel-vae) are alternatives: choose one");
  }
  if (layout.parallel_vae) {
    const count ranks = layout.world_size();
    if (decoded.latent_height < ranks) {
      throw invalid_input("parallel_vae", std::to_string(ranks),
                          "the patch-parallel VAE decode needs at least one latent row per GPU (" +
                              std::to_string(decoded.latent_height) + " rows)");
    }
    const count stride = decoded.height / decoded.latent_height;
    decoded_rank.latent_height = add(vae_slice_rows(decoded.latent_height, ranks), vae_halo_rows(ranks));
    decoded_rank.height = mul(decoded_rank.latent_height, stride);
    vae_slice_pixel_rows = mul(vae_slice_rows(decoded.latent_height, ranks), stride);
    r.vae_rank_pixels = mul(decoded.frames, decoded_rank.height, decoded.width);
    r.vae_gathered_bytes = mul(3, decoded.frames, vae_slice_pixel_rows, ranks, decoded.width, 4);
  }
  if (same_video) {
    t.wan2_1_encode = like->trees.wan2_1_encode;
    t.wan2_1_decode = like->trees.wan2_1_decode;
    t.wan2_1_decode_rank = like->trees.wan2_1_decode_rank;
    t.wan2_2_encode = like->trees.wan2_2_encode;
    t.wan2_2_decode = like->trees.wan2_2_decode;
    t.wan2_2_decode_rank = like->trees.wan2_2_decode_rank;
  } else if (p.wan2_2_vae) {
    t.wan2_2_encode = make_wan2_2_vae_encode(vae_geometry(wan2_2_vae.rules(), encoded));
    t.wan2_2_decode = make_wan2_2_vae_decode(decoded);
    if (layout.parallel_vae) t.wan2_2_decode_rank = make_wan2_2_vae_decode(decoded_rank);
  } else {
    t.wan2_1_encode = make_wan2_1_vae_encode(vae_geometry(wan2_1_vae.rules(), encoded));
    t.wan2_1_decode = make_wan2_1_vae_decode(decoded);
    if (layout.parallel_vae) t.wan2_1_decode_rank = make_wan2_1_vae_decode(decoded_rank);
  }
  dit_execution dx = x.dit();
  dx.quant_gemm = resolve_quant_gemm(x.dit_quant, q.device);
  dx.step_cache = p.step_cache;
  const count world = layout.world_size();
  const count sp = layout.sequence_degree();
  r.shard = shard_of(layout, q.model.arch.version);
  r.padded_seq_len = padded_seq_len(r.geometry.dit_seq_len, sp);
  bool same_dit = false;
  if (like != nullptr && like->pipeline == p && like->request.model.arch == q.model.arch) {
    dit_execution like_dx = like->request.exec.dit();
    like_dx.quant_gemm = resolve_quant_gemm(like->request.exec.dit_quant, like->request.device);
    like_dx.step_cache = like->pipeline.step_cache;
    same_dit = like_dx == dx;
  }
  t.dit = same_dit ? like->trees.dit : make_wan_dit(q.model.arch, r.geometry, dx);
  if (sp == 1) {
    t.dit_rank = t.dit;
  } else if (same_dit && like->shard == r.shard) {
    t.dit_rank = like->trees.dit_rank;
  } else {
    t.dit_rank = make_wan_dit(q.model.arch, r.geometry, dx, r.shard);
  }
  if (p.skipped_forwards > 0) {
    t.dit_skipped = make_wan_skipped_forward(t.dit, dx);
    t.dit_skipped_rank = sp == 1 ? t.dit_skipped : make_wan_skipped_forward(t.dit_rank, dx);
  }

  // Weights.
  model_weights& mw = r.weights;
  const count dit_params = cost_of(t.dit).parameters;
  // Quantised block Linears: the tree's weight bytes (scales included, rounded up per tensor).
  mw.dit = x.dit_quant == weight_quant::none ? mul(dit_params, bytes_of(x.dit_weight)) : cost_of(t.dit).weight_bytes;
  mw.dit_models = p.two_experts ? 2 : 1;
  mw.t5 = cost_of(t.text_encoder).weight_bytes;
  if (p.image_encoder_calls > 0) mw.clip = clip_loaded_weight_bytes;
  if (same_video) {
    mw.vae = like->weights.vae; // the same trees
  } else {
    mw.vae = p.wan2_2_vae ? add(cost_of(t.wan2_2_encode).weight_bytes, cost_of(t.wan2_2_decode).weight_bytes)
                          : add(cost_of(t.wan2_1_encode).weight_bytes, cost_of(t.wan2_1_decode).weight_bytes);
  }
  // FSDP (FULL_SHARD, one unit per block): a rank keeps ceil(parameters / world) in the storage
  // dtype. A block unit's bf16 gather is freed after its forward (FULL_SHARD reshards after
  // forward) and at most two are gathered at a time (`limit_all_gathers`), so two gathered
  // blocks are held only while that model runs. The root unit (the rest of the model) is never
  // resharded after a forward: PyTorch's FSDP1 `_post_forward_reshard` keeps the root's
  // unsharded parameters for the backward ("Do not free the root's parameters in the
  // post-forward for FULL_SHARD"), and inference has no backward, so once a model has run its
  // gathered bf16 root stays on the device (the T5's holds its 256,384 x 4096 embedding: 2.1 GB;
  // after the warm-up run the published figures average over, both A14B experts' roots too).
  const count dit_block_params = cost_of(t.dit.blocks.node).parameters;
  const count dit_root_params = dit_params - mul(dit_block_params, t.dit.blocks.n);
  const count t5_params = cost_of(t.text_encoder).parameters;
  const count t5_block_params = cost_of(t.text_encoder.blocks.node).parameters;
  const count t5_root_params = t5_params - mul(t5_block_params, t.text_encoder.blocks.n);
  const bool dit_fsdp = layout.dit_fsdp && world > 1;
  const bool t5_fsdp = layout.t5_fsdp && world > 1;
  const count dit_shard = x.dit_quant == weight_quant::none ? mul(ceil_div(dit_params, world), bytes_of(x.dit_weight))
                                                            : ceil_div(mw.dit, world);
  mw.dit_rank_idle = dit_fsdp ? add(dit_shard, mul(dit_root_params, 2)) : mw.dit;
  mw.dit_rank = dit_fsdp ? add(mw.dit_rank_idle, mul(2, dit_block_params, 2)) : mw.dit;
  const count t5_shard = x.t5_quant == weight_quant::none ? mul(ceil_div(t5_params, world), 2) : ceil_div(mw.t5, world);
  mw.t5_rank_idle = t5_fsdp ? add(t5_shard, mul(t5_root_params, 2)) : mw.t5;
  mw.t5_rank = t5_fsdp ? add(mw.t5_rank_idle, mul(2, t5_block_params, 2)) : mw.t5;

  // Stages, with residency.
  const offload_policy policy = x.offload;
  if (!layout.single_gpu() && (policy == offload_policy::block || policy == offload_policy::sequential)) {
    throw invalid_input("offload", std::string(name_of(policy)),
                        "block and sequential offload are modelled on one GPU (use model or none with several GPUs)");
  }
  if (x.resident_blocks != resident_blocks_auto && policy != offload_policy::block) {
    throw invalid_input("resident_blocks", std::to_string(x.resident_blocks),
                        "resident blocks apply to block offload only (--offload block)");
  }
  if (x.resident_blocks != resident_blocks_auto && x.resident_blocks > t.dit.blocks.n) {
    throw invalid_input("resident_blocks", std::to_string(x.resident_blocks),
                        "at most the DiT's " + std::to_string(t.dit.blocks.n) + " blocks can stay resident");
  }
  const bool moves_models = policy == offload_policy::model || policy == offload_policy::block;
  const bool dit_early = policy == offload_policy::model && dit_resident_from_init(q.model);
  // What one rank (rank 0, the busiest: it also decodes) holds: on one GPU the whole models.
  const count dit_w = mw.dit_rank;
  const count early_dit = dit_early ? dit_w : count{0};
  const count t5_on_device = x.t5_cpu ? count{0} : mw.t5_rank;
  // Without offload every model stays loaded: each at its idle size, plus the running model's
  // gathered FSDP blocks (none on one GPU, where idle and running sizes are equal).
  const count t5_idle = x.t5_cpu ? count{0} : mw.t5_rank_idle;
  const count all_models = add(mul(mw.dit_rank_idle, mw.dit_models), t5_idle, mw.clip, mw.vae);

  // Block offload: what stays of each DiT expert, what streams.
  offload_plan& op = r.offload;
  op.policy = policy;
  op.dit_blocks = t.dit.blocks.n;
  // A quantised format stores the blocks' Linears in its own bytes (the tree's weight bytes).
  op.block_bytes = x.dit_quant == weight_quant::none ? mul(dit_block_params, bytes_of(x.dit_weight))
                                                     : cost_of(t.dit.blocks.node).weight_bytes;
  op.dit_root_bytes = x.dit_quant == weight_quant::none ? mul(dit_root_params, bytes_of(x.dit_weight))
                                                        : mw.dit - mul(op.block_bytes, t.dit.blocks.n);
  count dit_stage_weights = dit_w; // the DiT weights on the device while it runs
  if (policy == offload_policy::block) {
    count resident = x.resident_blocks;
    if (resident == resident_blocks_auto) {
      resident = 0;
      if (q.device != nullptr) {
        const count activations = dit_activation_memory(q.model.arch, r.geometry, dx).peak;
        resident = detail::most_resident_blocks(op.dit_blocks, op.block_bytes,
                                                add(mw.vae, op.dit_root_bytes, activations), q.device->memory_capacity);
      }
    }
    op.resident_blocks = resident;
    op.streamed_blocks = op.dit_blocks - resident;
    const count buffers = op.streamed_blocks < 2 ? op.streamed_blocks : 2;
    dit_stage_weights = add(op.dit_root_bytes, mul(add(resident, buffers), op.block_bytes));
  }
  // Sequential offload: the largest module of each model.
  const bool sequential = policy == offload_policy::sequential;
  const auto seq = [&](stage_kind k) -> count {
    switch (k) {
    case stage_kind::text_encoder: return x.t5_cpu ? count{0} : detail::largest_leaf_weights(t.text_encoder);
    case stage_kind::image_encoder: return detail::largest_leaf_weights(t.image_encoder);
    case stage_kind::vae_encode:
      return p.wan2_2_vae ? detail::largest_leaf_weights(t.wan2_2_encode) : detail::largest_leaf_weights(t.wan2_1_encode);
    case stage_kind::dit: return detail::largest_leaf_weights(t.dit);
    case stage_kind::dit_skipped: return detail::largest_leaf_weights(t.dit_skipped);
    case stage_kind::vae_decode:
      return p.wan2_2_vae ? detail::largest_leaf_weights(t.wan2_2_decode) : detail::largest_leaf_weights(t.wan2_1_decode);
    }
    return 0;
  };
  const auto add_stage = [&](stage_id id, count calls, count weights, count resident) {
    if (calls == 0) return;
    const bool host = id == stage_id::text_encoder && x.t5_cpu;
    const count running_blocks = is_dit(id) ? mw.dit_rank - mw.dit_rank_idle
                                 : id == stage_id::text_encoder && !host ? mw.t5_rank - mw.t5_rank_idle
                                                                        : count{0};
    const count on_device = policy == offload_policy::none ? add(all_models, running_blocks)
                            : sequential                   ? seq(kind_of(id))
                                                           : resident;
    r.stages[r.stage_count++] = planned_stage{.id = id,
                                              .calls = calls,
                                              .where = host ? placement::host : placement::device,
                                              .rank_calls = is_dit_forward(id) ? calls / layout.cfg : calls,
                                              .weights_bytes = weights,
                                              .resident_weights_bytes = on_device};
  };
  add_stage(stage_id::text_encoder, p.text_encoder_calls, mw.t5, add(t5_on_device, mw.vae, early_dit));
  add_stage(stage_id::image_encoder, p.image_encoder_calls, mw.clip, add(mw.clip, mw.vae, early_dit));
  add_stage(stage_id::vae_encode, p.vae_encode_calls, mw.vae, add(mw.vae, early_dit));
  // A skipped forward runs on its expert, with the same models on the device.
  add_stage(stage_id::dit, p.dit_calls, mw.dit, add(dit_stage_weights, mw.vae));
  add_stage(stage_id::dit_skipped, p.dit_skipped_calls, mw.dit, add(dit_stage_weights, mw.vae));
  add_stage(stage_id::dit_high_noise, p.dit_high_noise_calls, mw.dit, add(dit_stage_weights, mw.vae));
  add_stage(stage_id::dit_high_noise_skipped, p.dit_high_noise_skipped_calls, mw.dit, add(dit_stage_weights, mw.vae));
  add_stage(stage_id::dit_low_noise, p.dit_low_noise_calls, mw.dit, add(dit_stage_weights, mw.vae));
  add_stage(stage_id::dit_low_noise_skipped, p.dit_low_noise_skipped_calls, mw.dit, add(dit_stage_weights, mw.vae));
  add_stage(stage_id::vae_decode, p.vae_decode_calls, mw.vae, mw.vae);

  // VAE tiling (diffusers' tiles, models/vae/tiling.hpp).
  if (x.vae_tiling && vae_tiling_applies(r.geometry.latent_height, r.geometry.latent_width)) {
    r.vae_tiling.tiled = true;
    r.vae_tiling.tiles = mul(tile_axis_of(r.geometry.latent_height).tiles, tile_axis_of(r.geometry.latent_width).tiles);
  }

  // The collectives of one rank.
  const auto add_collective = [&](const planned_collective& c) {
    if (c.calls == 0) return;
    planned_collective k = c;
    k.bytes_per_call = bytes_sent_per_rank(k.kind, k.group, k.message_bytes);
    r.collectives[r.collective_count++] = k;
  };
  const wan_dit_arch& a = q.model.arch;
  const count B = p.w.batch;
  const count L_pad = r.padded_seq_len;
  const count layers = a.num_layers;
  // What every DiT forward, computed or skipped, gathers once: the head's output (sequence
  // parallel), the root's weights (FSDP) and the predicted latent (CFG parallel).
  const auto add_head_gather = [&](const planned_stage& s) {
    if (sp <= 1) return;
    add_collective({.stage = s.id, .kind = collective::all_gather, .purpose = comm_purpose::sequence,
                    .module = "head", .group = sp, .calls = s.rank_calls,
                    .message_bytes = mul(B, L_pad / sp, a.patch_volume(), a.out_dim, 4), .per_forward = 1});
  };
  const auto add_root_gather = [&](const planned_stage& s) {
    if (!dit_fsdp) return;
    add_collective({.stage = s.id, .kind = collective::all_gather, .purpose = comm_purpose::weights, .module = "",
                    .group = world, .calls = s.rank_calls, .message_bytes = mul(ceil_div(dit_root_params, world), 2),
                    .per_forward = 1});
  };
  const auto add_cfg_gather = [&](const planned_stage& s) {
    if (layout.cfg <= 1) return;
    // One all-gather of the fp32 predicted latent [B, out_dim, f, h, w] per step.
    const token_geometry& g = r.geometry;
    add_collective({.stage = s.id, .kind = collective::all_gather, .purpose = comm_purpose::cfg, .module = "",
                    .group = layout.cfg, .stride = sp, .calls = s.rank_calls,
                    .message_bytes = mul(B, a.out_dim, g.latent_frames, g.latent_height, g.latent_width, 4),
                    .per_forward = 1});
  };
  for (const planned_stage& s : r.stage_list()) {
    if (s.kind() == stage_kind::vae_decode && layout.parallel_vae) {
      // The decoded slices, fp32 [3, F, ceil(h / p) x stride, W], gathered on every rank.
      add_collective({.stage = s.id, .kind = collective::all_gather, .purpose = comm_purpose::vae, .module = "",
                      .group = world, .calls = s.rank_calls,
                      .message_bytes = mul(3, decoded.frames, vae_slice_pixel_rows, decoded.width, 4),
                      .per_forward = 1});
    }
    if (s.kind() == stage_kind::text_encoder && t5_fsdp && s.where == placement::device) {
      const count blocks = t.text_encoder.blocks.n;
      add_collective({.stage = s.id, .kind = collective::all_gather, .purpose = comm_purpose::weights,
                      .module = "blocks.*", .group = world, .calls = mul(s.rank_calls, blocks),
                      .message_bytes = mul(ceil_div(t5_block_params, world), 2), .overlap = comm_overlap::with_block,
                      .per_forward = blocks});
      add_collective({.stage = s.id, .kind = collective::all_gather, .purpose = comm_purpose::weights, .module = "",
                      .group = world, .calls = s.rank_calls, .message_bytes = mul(ceil_div(t5_root_params, world), 2),
                      .per_forward = 1});
    }
    if (s.kind() == stage_kind::dit_skipped) {
      // A skipped forward runs no block: no all-to-all, ring step or block gather; its head's
      // output is still gathered (sequence parallel), its root gathered (FSDP) and its
      // prediction gathered (CFG parallel), as a computed forward's.
      add_head_gather(s);
      add_root_gather(s);
      add_cfg_gather(s);
      continue;
    }
    if (s.kind() != stage_kind::dit) continue;
    const count c = s.rank_calls;
    if (layout.ulysses > 1 && x.mode == exec_model::fused) {
      // One all-to-all of the packed q, k, v (xDiT's use_pack_qkv, LightX2V): 3 S in one call,
      // then the output back.
      add_collective({.stage = s.id, .kind = collective::all_to_all, .purpose = comm_purpose::sequence,
                      .module = "blocks.*.self_attn.qkv", .group = layout.ulysses, .calls = mul(c, layers),
                      .message_bytes = mul(B, L_pad / sp, a.dim, 2, 3), .per_forward = layers});
      add_collective({.stage = s.id, .kind = collective::all_to_all, .purpose = comm_purpose::sequence,
                      .module = "blocks.*.self_attn.o", .group = layout.ulysses, .calls = mul(c, layers),
                      .message_bytes = mul(B, L_pad / sp, a.dim, 2), .per_forward = layers});
    } else if (layout.ulysses > 1) {
      add_collective({.stage = s.id, .kind = collective::all_to_all, .purpose = comm_purpose::sequence,
                      .module = "blocks.*.self_attn", .group = layout.ulysses, .calls = mul(c, 4, layers),
                      .message_bytes = mul(B, L_pad / sp, a.dim, 2), .per_forward = mul(4, layers)});
    }
    if (layout.ring > 1) {
      add_collective({.stage = s.id, .kind = collective::send_recv, .purpose = comm_purpose::sequence,
                      .module = "blocks.*.self_attn.attn_core", .group = layout.ring, .stride = layout.ulysses,
                      .calls = mul(c, 2, layout.ring - 1, layers),
                      .message_bytes = mul(B, L_pad / layout.ring, a.dim / layout.ulysses, 2),
                      .overlap = comm_overlap::with_attention, .per_forward = mul(2, layout.ring - 1, layers)});
    }
    add_head_gather(s);
    if (dit_fsdp) {
      add_collective({.stage = s.id, .kind = collective::all_gather, .purpose = comm_purpose::weights,
                      .module = "blocks.*", .group = world, .calls = mul(c, layers),
                      .message_bytes = mul(ceil_div(dit_block_params, world), 2), .overlap = comm_overlap::with_block,
                      .per_forward = layers});
    }
    add_root_gather(s);
    add_cfg_gather(s);
  }

  // Offload moves: each model moved in before its stage and out after it (block offload: each
  // DiT expert's root and resident blocks).
  if (moves_models) {
    const auto move = [&](count bytes) { r.moves[r.move_count++] = bytes; };
    const count dit_moved = policy == offload_policy::block
                                ? add(op.dit_root_bytes, mul(op.resident_blocks, op.block_bytes))
                                : mw.dit;
    if (p.text_encoder_calls > 0 && !x.t5_cpu) move(mw.t5);
    if (p.image_encoder_calls > 0) move(mw.clip);
    if (p.dit_calls > 0) move(dit_moved);
    if (p.dit_high_noise_calls > 0) move(dit_moved);
    if (p.dit_low_noise_calls > 0) move(dit_moved);
  }
  // Streams: block offload's blocks every forward; sequential offload's whole models every call.
  const auto stream = [&](const planned_stream& st) {
    if (st.calls > 0 && st.units > 0 && st.unit_bytes > 0) r.streams[r.stream_count++] = st;
  };
  if (policy == offload_policy::block) {
    for (const planned_stage& s : r.stage_list()) {
      if (s.kind() != stage_kind::dit) continue;
      stream({.stage = s.id, .calls = s.rank_calls, .units = op.streamed_blocks, .unit_bytes = op.block_bytes,
              .overlapped = x.host == host_memory::pinned});
    }
  }
  if (sequential) {
    // The VAE's modules run once per chunk (and per tile): their weights move every time.
    const count encode_chunks = p.vae_encode_frames == 0 ? 0 : (p.vae_encode_frames - 1) / 4 + 1;
    const count decode_passes = mul(r.geometry.latent_frames, r.vae_tiling.tiled ? r.vae_tiling.tiles : count{1});
    const count encoder_bytes = p.wan2_2_vae ? cost_of(t.wan2_2_encode).weight_bytes : cost_of(t.wan2_1_encode).weight_bytes;
    const count decoder_bytes = p.wan2_2_vae ? cost_of(t.wan2_2_decode).weight_bytes : cost_of(t.wan2_1_decode).weight_bytes;
    for (const planned_stage& s : r.stage_list()) {
      if (s.where == placement::host) continue;
      count bytes = 0;
      switch (s.kind()) {
      case stage_kind::text_encoder: bytes = mw.t5; break;
      case stage_kind::image_encoder: bytes = cost_of(t.image_encoder).weight_bytes; break;
      case stage_kind::vae_encode: bytes = mul(encoder_bytes, encode_chunks); break;
      case stage_kind::dit: bytes = mw.dit; break;
      case stage_kind::dit_skipped: bytes = op.dit_root_bytes; break; // the blocks are not called
      case stage_kind::vae_decode: bytes = mul(decoder_bytes, decode_passes); break;
      }
      stream({.stage = s.id, .calls = s.rank_calls, .units = 1, .unit_bytes = bytes, .overlapped = false});
    }
  }
  // Host RAM holding weights.
  // (The T5 is on the host whether it is moved there or runs there with --t5-cpu.)
  if (sequential) {
    op.host_bytes = add(mul(mw.dit, mw.dit_models), mw.t5, mw.clip, mw.vae);
  } else if (moves_models) {
    op.host_bytes = add(mul(mw.dit, mw.dit_models), mw.t5, mw.clip);
  } else {
    op.host_bytes = x.t5_cpu ? mw.t5 : count{0};
  }
  return r;
}

/// The tiled decode trees of plan `p` (models/vae/tiling.hpp). Built on each walk of the
/// stages, not kept in the plan: up to nine decode trees would make every plan (a constexpr
/// value) nine times as large for an option most runs leave off.
[[nodiscard]] constexpr vae_tiled_decode<wan2_1_vae_decode> make_wan2_1_tiled_decode(const run_plan& p) {
  const geometry_rules rules = wan2_1_vae.rules();
  const workload video{.batch = 1, .frames = p.pipeline.w.frames, .height = p.pipeline.w.height,
                       .width = p.pipeline.w.width, .steps = 1};
  return make_vae_tiled_decode<wan2_1_vae_decode>(
      geometry_of_legal(rules, video), wan2_1_vae.spatial_stride, dtype::fp32,
      [](const token_geometry& g, const vae_tile_group& tg) { return make_wan2_1_vae_decode(g, {}, wan2_1_vae, tg); },
      p.vae_tiling.spec);
}
[[nodiscard]] constexpr vae_tiled_decode<wan2_2_vae_decode> make_wan2_2_tiled_decode(const run_plan& p) {
  const geometry_rules rules = wan2_2_vae.rules();
  const workload video{.batch = 1, .frames = p.pipeline.w.frames, .height = p.pipeline.w.height,
                       .width = p.pipeline.w.width, .steps = 1};
  return make_vae_tiled_decode<wan2_2_vae_decode>(
      geometry_of_legal(rules, video), wan2_2_vae.spatial_stride, dtype::fp32,
      [](const token_geometry& g, const vae_tile_group& tg) { return make_wan2_2_vae_decode(g, {}, wan2_2_vae, tg); },
      p.vae_tiling.spec);
}

/// Calls `f(s, tree)` with the tree of stage `s` of plan `p` (a tiled decode is built here: it is
/// not kept in the plan).
template <class F>
constexpr void with_stage_tree(const run_plan& p, const planned_stage& s, F&& f) {
  const run_trees& t = p.trees;
  switch (s.kind()) {
  case stage_kind::text_encoder: f(s, t.text_encoder); break;
  case stage_kind::image_encoder: f(s, t.image_encoder); break;
  case stage_kind::vae_encode:
    if (p.pipeline.wan2_2_vae) f(s, t.wan2_2_encode);
    else f(s, t.wan2_1_encode);
    break;
  case stage_kind::dit: f(s, t.dit); break;
  case stage_kind::dit_skipped: f(s, t.dit_skipped); break;
  case stage_kind::vae_decode:
    if (p.vae_tiling.tiled && p.pipeline.wan2_2_vae) f(s, make_wan2_2_tiled_decode(p));
    else if (p.vae_tiling.tiled) f(s, make_wan2_1_tiled_decode(p));
    else if (p.pipeline.wan2_2_vae) f(s, t.wan2_2_decode);
    else f(s, t.wan2_1_decode);
    break;
  }
}

/// Calls `f(const planned_stage&, const auto& tree)` for every stage of `p`, in report order.
template <class F>
constexpr void for_each_stage(const run_plan& p, F&& f) {
  for (const planned_stage& s : p.stage_list()) with_stage_tree(p, s, f);
}

} // namespace wanmeter
