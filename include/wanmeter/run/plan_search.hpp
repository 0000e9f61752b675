#pragma once
// `wanmeter plan`: will a model and workload fit, and how fast, on which GPUs with which options.
// For a question (model, workload, devices, GPU counts, limits, whether lossy options are
// accepted) the search enumerates every legal candidate of the space (run/plan_space.hpp: the
// execution axes x the layouts of each GPU count), evaluates each on the lean path
// (run/plan_eval.hpp: the plan, its memory, its time without report rows), and answers:
//
//   fits      peak device bytes per GPU <= the VRAM limit (--vram-gb, capped at the device's
//             memory; default the device's memory) and host bytes <= --host-ram-gb (no limit
//             when not given)
//   pareto    fits, and no other fitting candidate is at least as good on all of (time, GPUs,
//             peak bytes per GPU) and better on one
//   best      the fastest candidate that fits (ties: fewer GPUs, then less memory per GPU)
//   cost      price per GPU-hour x GPUs x time / 3600 (per video), when a price is given
//
// Candidates with a lossy value (quantised weights, SageAttention2, TF32) are evaluated only with
// `allow_lossy`.
//
// Nothing fits: the advice names the smallest change that would fit, preferring changes that
// keep the output the user asked for: (1) more GPUs (the smallest power of two above the largest
// count asked, up to 64, where a permitted candidate fits), (2) a lossy option (when not
// allowed: the fastest lossy candidate that fits on the counts asked), (3) fewer frames (the
// most frames, 4n+1, at which a candidate fits, by bisection: peak memory grows with frames),
// (4) a lower resolution (both sides scaled by 3/4, 1/2 or 1/4, rounded down to the model's
// pixel multiple, at the frames asked). The first of these that exists is the recommendation;
// plan.md lists every one found.
//
// Worked example (test/runtime/plan_search.cpp): Wan2.1 T2V-1.3B (12 heads) on one and two
// H100s: 22 layouts (1 GPU: one per exec mode; 2 GPUs: eager Ulysses 2 or ring 2, fused also CFG
// 2, each x 4 FSDP choices) x 768 axis combinations = 16,896; 13,248 are illegal (the tiled
// decode of a latent within one tile, block/sequential offload on 2 GPUs, --t5-cpu with
// --t5-fsdp), 3,344 lossy, 304 candidates evaluated. Wan2.1 T2V-14B 720p on 1, 2, 4, 8 H100s:
// 2,432 candidates from 1,216 run plans, about 20 ms (bench/plan_search.cpp).
//
//   plan_question q{.base = run_request{.model = find_model("wan2.1-t2v-14b"), .w = ...},
//                   .devices = {&find_device("h100-sxm")}, .gpus = {1, 2, 4, 8}};
//   const plan_result r = plan_search(q);
//   r.best -> the fastest plan that fits; analyze_args(q, r.candidates[*r.best]) reproduces it.

#include <wanmeter/core/checked.hpp>
#include <wanmeter/core/errors.hpp>
#include <wanmeter/hw/device.hpp>
#include <wanmeter/hw/interconnect.hpp>
#include <wanmeter/perf/efficiency.hpp>
#include <wanmeter/perf/memory.hpp>
#include <wanmeter/run/levers.hpp>
#include <wanmeter/run/plan.hpp>
#include <wanmeter/run/plan_eval.hpp>
#include <wanmeter/run/plan_space.hpp>
#include <wanmeter/run/request.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wanmeter {

/// What is asked.
struct plan_question {
  /// Model (and config path), workload, profile id, pipeline options, host memory kind and CPU,
  /// interconnect (null: each device's own). Its exec and layout are ignored: they are searched.
  run_request base{};
  std::vector<const device_spec*> devices{};
  std::vector<count> gpus{1, 2, 4, 8};
  count vram_bytes = 0;            ///< per GPU; 0: each device's memory (a larger figure is capped at it)
  count host_ram_bytes = 0;        ///< 0: no limit
  bool allow_lossy = false;
  double price_per_gpu_hour = 0.0; ///< 0: no cost

  [[nodiscard]] bool priced() const { return price_per_gpu_hour > 0.0; }
  /// The VRAM limit on device `d`.
  [[nodiscard]] count vram_limit(const device_spec& d) const {
    return vram_bytes == 0 ? d.memory_capacity : std::min(vram_bytes, d.memory_capacity);
  }
};

/// One evaluated candidate.
struct plan_candidate {
  const device_spec* device = nullptr;
  count gpus = 1;
  parallel_layout layout{};
  axis_choice choice{};     ///< the value of each axis of `plan_axes`
  run_execution exec{};     ///< the execution those values make (attention explicit, not `auto`)
  lean_time time{};         ///< zero when evaluated for memory only
  count peak_bytes = 0;     ///< per GPU (the busiest rank)
  stage_id peak_stage = stage_id::dit;
  count host_bytes = 0;     ///< all ranks
  count vram_limit = 0;
  bool fits_vram = false;
  bool fits_host = false;
  bool fits = false;
  bool pareto = false;
  bool lossy = false;
  double cost_per_video = 0.0; ///< 0 without a price

  [[nodiscard]] const axis_value& value(std::size_t axis) const { return value_of(choice, axis); }
};

/// Why candidates were dropped (counts over the whole space of the counts asked).
struct plan_drops {
  count illegal = 0;       ///< a value or layout rule broken (e.g. FA3 off Hopper, --t5-cpu with --t5-fsdp, a world past whole nodes, no network, a group across a node boundary)
  count lossy = 0;         ///< lossy, not allowed (not evaluated)
  count over_vram = 0;     ///< evaluated, peak above the VRAM limit
  count over_host = 0;     ///< evaluated, host bytes above the host RAM limit (and VRAM fits)
  count dominated = 0;     ///< fits, but another fitting candidate is as good on all three and better on one
};

enum class advice_kind : unsigned char { more_gpus, lossy, fewer_frames, lower_resolution };

[[nodiscard]] constexpr std::string_view name_of(advice_kind k) {
  switch (k) {
  case advice_kind::more_gpus: return "more_gpus";
  case advice_kind::lossy: return "lossy";
  case advice_kind::fewer_frames: return "fewer_frames";
  case advice_kind::lower_resolution: return "lower_resolution";
  }
  return "?";
}

/// A change that would fit, with the fastest candidate that fits after it.
struct plan_change {
  advice_kind kind = advice_kind::more_gpus;
  workload w{};             ///< the workload of the candidate (the question's unless smaller)
  plan_candidate candidate{};
};

/// What to change when nothing fits (empty when something does).
struct plan_advice {
  std::vector<plan_change> changes{}; ///< in the order of preference; the first is the recommendation
  bool searched = false;            ///< true when nothing fitted and the advice was searched
};

struct plan_result {
  plan_question question{};
  workload w{};                          ///< the question's workload
  std::vector<plan_candidate> candidates{}; ///< permitted candidates: fitting first, then by time
  std::optional<std::size_t> best{};      ///< index of the fastest fitting one
  plan_drops drops{};
  plan_advice advice{};
  count plans_made = 0;                   ///< run plans made (one per candidate group sharing a plan)
  count stage_folds = 0;                  ///< stage trees folded into a time (the rest were shared)
};

namespace detail {

/// The stored plan of the search loop (77 kB: one, reused).
struct plan_search_state {
  const plan_question& q;
  stage_compute_cache cache{};
  run_plan plan{};
  count plans_made = 0;
};

/// The axes that change the plan and the time-only axes, in `plan_axes` order.
struct axis_split {
  std::array<std::size_t, plan_axis_count> plan_side{};
  std::size_t plan_count = 0;
  std::array<std::size_t, plan_axis_count> time_side{};
  std::size_t time_count = 0;
};

[[nodiscard]] constexpr axis_split split_axes() {
  axis_split s{};
  for (std::size_t i = 0; i < plan_axis_count; ++i) {
    if (plan_axes[i].time_only) {
      s.time_side[s.time_count++] = i;
    } else {
      s.plan_side[s.plan_count++] = i;
    }
  }
  return s;
}

/// Advances the mixed-radix counter `c` over the axes `which`; false after the last combination.
[[nodiscard]] constexpr bool next_combination(axis_choice& c, std::span<const std::size_t> which) {
  for (std::size_t k = which.size(); k-- > 0;) {
    const std::size_t i = which[k];
    if (static_cast<std::size_t>(c[i]) + 1 < plan_axes[i].values.size()) {
      ++c[i];
      return true;
    }
    c[i] = 0;
  }
  return false;
}

/// True when `p`'s layout sits on whole nodes with a network between them where it spans several
/// (run/cluster.hpp; `cluster_of` throws otherwise).
[[nodiscard]] inline bool collectives_fit(const run_plan& p) {
  if (p.collective_count == 0) return true;
  try {
    static_cast<void>(cluster_of(p));
  } catch (const invalid_input&) {
    return false;
  }
  return true;
}

/// Evaluates every candidate of workload `w` on the GPU counts `gpus` into `out`.
/// `lossy`: evaluate lossy values too; `memory_only`: no time (the advice's bisection).
inline void search_into(plan_search_state& st, const workload& w, std::span<const count> gpus, bool lossy,
                        bool memory_only, std::vector<plan_candidate>& out, plan_drops& drops) {
  const plan_question& q = st.q;
  constexpr axis_split axes = split_axes();
  const std::span<const std::size_t> plan_side{axes.plan_side.data(), axes.plan_count};
  const std::span<const std::size_t> time_side{axes.time_side.data(), axes.time_count};
  count time_combinations = 1;
  for (const std::size_t i : time_side) time_combinations *= plan_axes[i].values.size();
  for (const device_spec* d : q.devices) {
    const count vram = q.vram_limit(*d);
    for (const count n : gpus) {
      std::array<std::vector<parallel_layout>, 2> layouts{};
      std::array<bool, 2> layouts_made{};
      axis_choice c{};
      do {
        run_execution x = q.base.exec;
        bool lossy_plan = false;
        for (const std::size_t i : plan_side) {
          const axis_value& v = value_of(c, i);
          v.apply(x);
          lossy_plan = lossy_plan || v.lossy;
        }
        const std::size_t mode = static_cast<std::size_t>(x.mode);
        if (!layouts_made[mode]) {
          layouts[mode] = layouts_of(n, q.base.model, x.mode, w);
          layouts_made[mode] = true;
        }
        for (const parallel_layout& l : layouts[mode]) {
          const axis_context ctx{.model = q.base.model, .device = *d, .exec = x, .layout = l, .w = w};
          bool legal = true;
          for (const std::size_t i : plan_side) legal = legal && value_of(c, i).legal_in(ctx);
          if (!legal) {
            drops.illegal += time_combinations;
            continue;
          }
          if (lossy_plan && !lossy) { // not evaluated: count its legal time combinations
            axis_choice t = c;
            do {
              run_execution xt = x;
              for (const std::size_t i : time_side) value_of(t, i).apply(xt);
              const axis_context ctx_t{.model = q.base.model, .device = *d, .exec = xt, .layout = l, .w = w};
              bool legal_t = true;
              for (const std::size_t i : time_side) legal_t = legal_t && value_of(t, i).legal_in(ctx_t);
              ++(legal_t ? drops.lossy : drops.illegal);
            } while (next_combination(t, time_side));
            continue;
          }
          run_request r = q.base;
          r.w = w;
          r.exec = x;
          r.layout = l;
          r.device = d;
          try {
            st.plan = make_run_plan(r, &st.plan);
          } catch (const invalid_input&) {
            drops.illegal += time_combinations;
            continue;
          }
          ++st.plans_made;
          if (!collectives_fit(st.plan)) {
            drops.illegal += time_combinations;
            continue;
          }
          pipeline_memory mem = memory_of(st.plan);
          // Block offload keeps the most blocks that fit the device; under a lower VRAM limit,
          // as many fewer as the excess takes (explicit: the candidate's args name them).
          if (st.plan.offload.policy == offload_policy::block && mem.peak_bytes > vram &&
              st.plan.offload.resident_blocks > 0 && st.plan.offload.block_bytes > 0) {
            const count fewer = ceil_div(mem.peak_bytes - vram, st.plan.offload.block_bytes);
            r.exec.resident_blocks = fewer >= st.plan.offload.resident_blocks ? 0 : st.plan.offload.resident_blocks - fewer;
            x.resident_blocks = r.exec.resident_blocks;
            st.plan = make_run_plan(r, &st.plan);
            ++st.plans_made;
            mem = memory_of(st.plan);
          }
          const count host = host_bytes_of(st.plan);
          axis_choice t = c;
          do {
            run_execution xt = x;
            bool is_lossy = lossy_plan;
            bool legal_t = true;
            for (const std::size_t i : time_side) {
              const axis_value& v = value_of(t, i);
              v.apply(xt);
              is_lossy = is_lossy || v.lossy;
            }
            const axis_context ctx_t{.model = q.base.model, .device = *d, .exec = xt, .layout = l, .w = w};
            for (const std::size_t i : time_side) legal_t = legal_t && value_of(t, i).legal_in(ctx_t);
            if (!legal_t) {
              ++drops.illegal;
              continue;
            }
            if (is_lossy && !lossy) {
              ++drops.lossy;
              continue;
            }
            plan_candidate k{.device = d, .gpus = n, .layout = l, .choice = t, .exec = xt};
            if (!memory_only) {
              roofline_options ro = xt.roofline;
              ro.attention = resolve_attention(ro.attention, q.base.model.arch.version, *d);
              try {
                k.time = lean_time_of(st.plan, ro, st.cache);
              } catch (const invalid_input&) {
                ++drops.illegal;
                continue;
              }
            }
            k.peak_bytes = mem.peak_bytes;
            k.peak_stage = mem.stages[mem.peak_stage].stage;
            k.host_bytes = host;
            k.vram_limit = vram;
            k.fits_vram = k.peak_bytes <= vram;
            k.fits_host = q.host_ram_bytes == 0 || host <= q.host_ram_bytes;
            k.fits = k.fits_vram && k.fits_host;
            k.lossy = is_lossy || wanmeter::lossy(q.base); // the question's own levers (density, cache skip, distilled)
            if (q.priced()) k.cost_per_video = q.price_per_gpu_hour * static_cast<double>(n) * k.time.time_s / 3600.0;
            out.push_back(k);
          } while (next_combination(t, time_side));
        }
      } while (next_combination(c, plan_side));
    }
  }
}

/// Marks the Pareto front of the fitting candidates of `cs` over (time, GPUs, peak bytes), all
/// minimised; returns how many fitting candidates are dominated. Sorted by (time, GPUs, peak),
/// a dominator comes before what it dominates; candidates with equal triples are checked against
/// what came before their group only, so equal candidates never dominate each other.
inline count mark_pareto(std::vector<plan_candidate>& cs) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < cs.size(); ++i) {
    cs[i].pareto = false;
    if (cs[i].fits) order.push_back(i);
  }
  const auto triple_less = [&](std::size_t a, std::size_t b) {
    const plan_candidate& x = cs[a];
    const plan_candidate& y = cs[b];
    if (x.time.time_s != y.time.time_s) return x.time.time_s < y.time.time_s;
    if (x.gpus != y.gpus) return x.gpus < y.gpus;
    return x.peak_bytes < y.peak_bytes;
  };
  std::stable_sort(order.begin(), order.end(), triple_less);
  // The smallest peak seen so far at each GPU count (counts ascending).
  std::vector<std::pair<count, count>> min_peak;
  count dominated = 0;
  std::size_t i = 0;
  while (i < order.size()) {
    std::size_t j = i + 1;
    while (j < order.size() && !triple_less(order[i], order[j])) ++j; // equal triples
    for (std::size_t k = i; k < j; ++k) {
      plan_candidate& c = cs[order[k]];
      bool beaten = false;
      for (const auto& [g, peak] : min_peak) {
        if (g <= c.gpus && peak <= c.peak_bytes) beaten = true;
      }
      c.pareto = !beaten;
      if (beaten) ++dominated;
    }
    for (std::size_t k = i; k < j; ++k) {
      const plan_candidate& c = cs[order[k]];
      auto it = std::find_if(min_peak.begin(), min_peak.end(), [&](const auto& e) { return e.first == c.gpus; });
      if (it == min_peak.end()) {
        min_peak.emplace_back(c.gpus, c.peak_bytes);
      } else if (c.peak_bytes < it->second) {
        it->second = c.peak_bytes;
      }
    }
    i = j;
  }
  return dominated;
}

/// Fitting first, then by time, GPUs, peak (stable: enumeration order last).
inline void sort_candidates(std::vector<plan_candidate>& cs) {
  std::stable_sort(cs.begin(), cs.end(), [](const plan_candidate& a, const plan_candidate& b) {
    if (a.fits != b.fits) return a.fits;
    if (a.time.time_s != b.time.time_s) return a.time.time_s < b.time.time_s;
    if (a.gpus != b.gpus) return a.gpus < b.gpus;
    return a.peak_bytes < b.peak_bytes;
  });
}

/// The fastest fitting candidate of `cs` (sorted or not), or null.
[[nodiscard]] inline const plan_candidate* fastest_fitting(const std::vector<plan_candidate>& cs,
                                                           bool lossy_only = false) {
  const plan_candidate* best = nullptr;
  for (const plan_candidate& c : cs) {
    if (!c.fits || (lossy_only && !c.lossy)) continue;
    if (best == nullptr || c.time.time_s < best->time.time_s ||
        (c.time.time_s == best->time.time_s &&
         (c.gpus < best->gpus || (c.gpus == best->gpus && c.peak_bytes < best->peak_bytes)))) {
      best = &c;
    }
  }
  return best;
}

/// True when some candidate of workload `w` fits on `gpus` (memory only).
[[nodiscard]] inline bool any_fits(plan_search_state& st, const workload& w, std::span<const count> gpus) {
  std::vector<plan_candidate> cs;
  plan_drops ignored{};
  try {
    search_into(st, w, gpus, st.q.allow_lossy, true, cs, ignored);
  } catch (const invalid_input&) {
    return false; // an illegal workload (e.g. a side below the pixel multiple)
  } catch (const overflow_error&) {
    return false;
  }
  return std::any_of(cs.begin(), cs.end(), [](const plan_candidate& c) { return c.fits; });
}

/// The fastest fitting candidate of workload `w` on `gpus`, or nothing.
[[nodiscard]] inline std::optional<plan_candidate> fastest_at(plan_search_state& st, const workload& w,
                                                              std::span<const count> gpus, bool lossy) {
  std::vector<plan_candidate> cs;
  plan_drops ignored{};
  search_into(st, w, gpus, lossy, false, cs, ignored);
  const plan_candidate* b = fastest_fitting(cs, lossy && !st.q.allow_lossy);
  if (b == nullptr) return std::nullopt;
  return *b;
}

/// The advice when nothing fits (see the header comment).
inline plan_advice advise(plan_search_state& st, const workload& w) {
  const plan_question& q = st.q;
  plan_advice a{.searched = true};
  // (1) More GPUs: powers of two above the largest count asked.
  const count most = *std::max_element(q.gpus.begin(), q.gpus.end());
  for (count n = 1; n <= max_world_size; n *= 2) {
    if (n <= most) continue;
    const std::array<count, 1> one{n};
    if (auto c = fastest_at(st, w, one, q.allow_lossy)) {
      a.changes.push_back({.kind = advice_kind::more_gpus, .w = w, .candidate = *c});
      break;
    }
  }
  // (2) A lossy option on the counts asked.
  if (!q.allow_lossy) {
    if (auto c = fastest_at(st, w, q.gpus, true)) a.changes.push_back({.kind = advice_kind::lossy, .w = w, .candidate = *c});
  }
  // (3) Fewer frames: the largest 4n+1 below the frames asked at which something fits.
  if (w.frames > 1) {
    workload probe = w;
    probe.frames = 1;
    if (any_fits(st, probe, q.gpus)) {
      count lo = 0;                  // frames 4 lo + 1 fits
      count hi = (w.frames - 1) / 4; // frames 4 hi + 1 does not (the question's)
      while (hi - lo > 1) {
        const count mid = lo + (hi - lo) / 2;
        probe.frames = 4 * mid + 1;
        if (any_fits(st, probe, q.gpus)) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      probe.frames = 4 * lo + 1;
      if (auto c = fastest_at(st, probe, q.gpus, q.allow_lossy)) {
        a.changes.push_back({.kind = advice_kind::fewer_frames, .w = probe, .candidate = *c});
      }
    }
  }
  // (4) A lower resolution at the frames asked.
  const geometry_rules rules = q.base.model.arch.rules();
  const count mh = rules.pixel_multiple_h();
  const count mw = rules.pixel_multiple_w();
  for (const auto& [num, den] : std::array<std::pair<count, count>, 3>{{{3, 4}, {1, 2}, {1, 4}}}) {
    workload probe = w;
    probe.height = w.height * num / den / mh * mh;
    probe.width = w.width * num / den / mw * mw;
    if (probe.height == 0 || probe.width == 0) break;
    if (!any_fits(st, probe, q.gpus)) continue;
    if (auto c = fastest_at(st, probe, q.gpus, q.allow_lossy)) {
      a.changes.push_back({.kind = advice_kind::lower_resolution, .w = probe, .candidate = *c});
    }
    break;
  }
  return a;
}

} // namespace detail

/// At most this many GPU counts per question (each count is a whole search of its layouts).
inline constexpr std::size_t max_plan_gpu_counts = 8;

/// Throws `invalid_input` unless question `q` can be searched: a device (each once), 1 to 8 GPU
/// counts from 1 to 64 without repeats, and a workload legal for the model (the same messages as
/// `analyze`).
inline void check_question(const plan_question& q) {
  if (q.devices.empty()) throw invalid_input("device", "\"\"", "plan needs at least one device (--device ID[,ID...])");
  if (q.gpus.empty()) throw invalid_input("gpus", "\"\"", "plan needs at least one GPU count (--gpus 1,2,4,8)");
  if (q.gpus.size() > max_plan_gpu_counts) {
    throw invalid_input("gpus", std::to_string(q.gpus.size()) + " counts", "at most 8 GPU counts per plan");
  }
  for (std::size_t i = 0; i < q.gpus.size(); ++i) {
    if (q.gpus[i] < 1 || q.gpus[i] > max_world_size) {
      throw invalid_input("gpus", std::to_string(q.gpus[i]), "a GPU count must be between 1 and 64");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (q.gpus[j] == q.gpus[i]) throw invalid_input("gpus", std::to_string(q.gpus[i]), "each GPU count at most once");
    }
  }
  for (std::size_t i = 0; i < q.devices.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (q.devices[j] == q.devices[i]) {
        throw invalid_input("device", std::string(q.devices[i]->id), "each device at most once");
      }
    }
  }
  // The workload, as analyze checks it: one plan of the plain request.
  run_request r = q.base;
  r.layout = parallel_layout{};
  r.device = nullptr;
  (void)make_run_plan(r);
}

/// The answer to question `q` (see the header comment). Throws `invalid_input` for a bad
/// question and `overflow_error` when a count overflows.
[[nodiscard]] inline plan_result plan_search(const plan_question& q) {
  check_question(q);
  plan_result res{};
  res.question = q;
  res.w = q.base.w;
  detail::plan_search_state st{.q = res.question, .cache = {}};
  detail::search_into(st, res.w, res.question.gpus, q.allow_lossy, false, res.candidates, res.drops);
  for (const plan_candidate& c : res.candidates) {
    if (!c.fits_vram) {
      ++res.drops.over_vram;
    } else if (!c.fits_host) {
      ++res.drops.over_host;
    }
  }
  res.drops.dominated = detail::mark_pareto(res.candidates);
  detail::sort_candidates(res.candidates);
  if (!res.candidates.empty() && res.candidates.front().fits) {
    res.best = 0;
  } else {
    res.advice = detail::advise(st, res.w);
  }
  res.plans_made = st.plans_made;
  res.stage_folds = st.cache.size();
  return res;
}

// ---- reproducing a candidate ------------------------------------------------------------

namespace detail {

inline void push_words(std::vector<std::string>& out, std::string_view words) {
  while (!words.empty()) {
    const std::size_t space = words.find(' ');
    const std::string_view w = words.substr(0, space);
    if (!w.empty()) out.emplace_back(w);
    if (space == std::string_view::npos) break;
    words.remove_prefix(space + 1);
  }
}

/// Shortest text that reads back as `v`.
[[nodiscard]] inline std::string shortest(double v) {
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return ec == std::errc{} ? std::string(buf.data(), end) : std::string("nan");
}

} // namespace detail

/// "ulysses 4 x ring 2 x cfg 2, dit-fsdp, t5-fsdp" (cfg and the FSDP parts only when used).
[[nodiscard]] inline std::string layout_label(const parallel_layout& l) {
  std::string s = "ulysses " + std::to_string(l.ulysses) + " x ring " + std::to_string(l.ring);
  if (l.cfg > 1) s += " x cfg " + std::to_string(l.cfg);
  if (l.dit_fsdp) s += ", dit-fsdp";
  if (l.t5_fsdp) s += ", t5-fsdp";
  return s;
}

/// The `wanmeter analyze` arguments that reproduce candidate `c` of question `q` at workload `w`
/// (the question's unless an advice changed it): the model, each workload knob that differs from
/// the model's defaults, the pipeline options, the device, every axis's flags and the layout's.
[[nodiscard]] inline std::vector<std::string> analyze_args(const plan_question& q, const plan_candidate& c,
                                                           const workload& w) {
  std::vector<std::string> a{"--model", std::string(q.base.model.id)};
  if (!q.base.config_path.empty()) a.insert(a.end(), {"--config", std::string(q.base.config_path)});
  const workload& d = q.base.model.defaults.w;
  if (w.frames != d.frames) a.insert(a.end(), {"--frames", std::to_string(w.frames)});
  if (w.height != d.height) a.insert(a.end(), {"--height", std::to_string(w.height)});
  if (w.width != d.width) a.insert(a.end(), {"--width", std::to_string(w.width)});
  if (w.steps != d.steps) a.insert(a.end(), {"--steps", std::to_string(w.steps)});
  if (w.batch != d.batch) a.insert(a.end(), {"--batch", std::to_string(w.batch)});
  if (w.guidance_scale != d.guidance_scale) a.insert(a.end(), {"--guidance-scale", detail::shortest(w.guidance_scale)});
  const pipeline_options& o = q.base.options;
  if (o.image_width != 0 || o.image_height != 0) {
    a.insert(a.end(), {"--image-size", std::to_string(o.image_width) + "x" + std::to_string(o.image_height)});
  }
  if (o.image_input) a.emplace_back("--image-input");
  if (o.shift != 0.0) a.insert(a.end(), {"--shift", detail::shortest(o.shift)});
  a.insert(a.end(), {"--device", std::string(c.device->id)});
  if (q.base.interconnect != nullptr) a.insert(a.end(), {"--interconnect", std::string(q.base.interconnect->id)});
  if (q.base.network != nullptr) a.insert(a.end(), {"--network", std::string(q.base.network->id)});
  if (q.base.exec.host != host_memory::pageable) a.insert(a.end(), {"--host-memory", std::string(name_of(q.base.exec.host))});
  for (std::size_t i = 0; i < plan_axis_count; ++i) detail::push_words(a, c.value(i).args);
  if (c.exec.offload == offload_policy::block && c.exec.resident_blocks != resident_blocks_auto) {
    a.insert(a.end(), {"--resident-blocks", std::to_string(c.exec.resident_blocks)});
  }
  // The levers the question states (not searched: run/plan_space.hpp).
  if (q.base.exec.attention_density != 1.0) a.insert(a.end(), {"--attention-density", detail::shortest(q.base.exec.attention_density)});
  if (o.cache_skip != 0.0) a.insert(a.end(), {"--cache-skip", detail::shortest(o.cache_skip)});
  if (o.distilled) a.emplace_back("--distilled");
  const parallel_layout& l = c.layout;
  if (l.ulysses > 1) a.insert(a.end(), {"--ulysses-size", std::to_string(l.ulysses)});
  if (l.ring > 1) a.insert(a.end(), {"--ring-size", std::to_string(l.ring)});
  if (l.cfg > 1) a.emplace_back("--cfg-parallel");
  if (l.dit_fsdp) a.emplace_back("--dit-fsdp");
  if (l.t5_fsdp) a.emplace_back("--t5-fsdp");
  return a;
}

/// The official task, checkpoint folder and sizes of a registry model.
struct official_task {
  std::string_view model_id;
  std::string_view task;
  std::string_view ckpt_dir;
  std::string_view sizes; ///< the `--size` values generate.py accepts, space separated (W*H)
};

inline constexpr std::array<official_task, 8> official_tasks{{
    {"wan2.1-t2v-1.3b", "t2v-1.3B", "./Wan2.1-T2V-1.3B", "832*480 480*832"},
    {"wan2.1-t2v-14b", "t2v-14B", "./Wan2.1-T2V-14B", "1280*720 720*1280 832*480 480*832"},
    {"wan2.1-i2v-14b-480p", "i2v-14B", "./Wan2.1-I2V-14B-480P", "1280*720 720*1280 832*480 480*832"},
    {"wan2.1-i2v-14b-720p", "i2v-14B", "./Wan2.1-I2V-14B-720P", "1280*720 720*1280 832*480 480*832"},
    {"wan2.1-flf2v-14b", "flf2v-14B", "./Wan2.1-FLF2V-14B-720P", "1280*720 720*1280 832*480 480*832"},
    {"wan2.2-t2v-a14b", "t2v-A14B", "./Wan2.2-T2V-A14B", "1280*720 720*1280 832*480 480*832"},
    {"wan2.2-i2v-a14b", "i2v-A14B", "./Wan2.2-I2V-A14B", "1280*720 720*1280 832*480 480*832"},
    {"wan2.2-ti2v-5b", "ti2v-5B", "./Wan2.2-TI2V-5B", "1280*704 704*1280"},
}};

/// The official command that runs candidate `c` at workload `w`, or nothing when the official
/// code cannot: a value it lacks (fused, fp8, TF32, bf16 storage in Wan2.1), CFG parallel, a
/// batch above 1, guidance 1 (the official loop still runs both passes), a --config
/// architecture, pinned host memory, a size its `SUPPORTED_SIZES` refuses. Checkpoint and image
/// paths are placeholders.
[[nodiscard]] inline std::optional<std::string> official_command(const plan_question& q, const plan_candidate& c,
                                                                 const workload& w) {
  const model_entry& m = q.base.model;
  const official_task* t = nullptr;
  for (const official_task& e : official_tasks) {
    if (e.model_id == m.id) t = &e;
  }
  if (t == nullptr || !q.base.config_path.empty() || w.batch != 1 || w.guidance_scale == 1.0 || c.layout.cfg > 1 ||
      q.base.exec.host != host_memory::pageable || lossy(q.base)) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < plan_axis_count; ++i) {
    if (!c.value(i).runs_officially(m)) return std::nullopt;
  }
  const std::string size = std::to_string(w.width) + "*" + std::to_string(w.height);
  bool supported = false;
  std::vector<std::string> sizes;
  detail::push_words(sizes, t->sizes);
  for (const std::string& s : sizes) supported = supported || s == size;
  if (!supported) return std::nullopt;
  std::string cmd = c.gpus == 1 ? std::string("python generate.py")
                                : "torchrun --nproc_per_node=" + std::to_string(c.gpus) + " generate.py";
  const auto add_flag = [&](std::string_view flag) {
    if (!flag.empty()) cmd.append(" ").append(flag);
  };
  add_flag("--task " + std::string(t->task) + " --size " + size + " --ckpt_dir " + std::string(t->ckpt_dir));
  const workload& d = m.defaults.w;
  if (w.frames != d.frames) add_flag("--frame_num " + std::to_string(w.frames));
  if (w.steps != d.steps) add_flag("--sample_steps " + std::to_string(w.steps));
  if (w.guidance_scale != d.guidance_scale) add_flag("--sample_guide_scale " + detail::shortest(w.guidance_scale));
  if (q.base.options.shift != 0.0) add_flag("--sample_shift " + detail::shortest(q.base.options.shift));
  if (m.arch.type == model_type::flf2v) {
    add_flag("--first_frame first.png --last_frame last.png");
  } else if (m.defaults.image_input || q.base.options.image_input) {
    add_flag("--image input.jpg");
  }
  const parallel_layout& l = c.layout;
  if (l.dit_fsdp) add_flag("--dit_fsdp");
  if (l.t5_fsdp) add_flag("--t5_fsdp");
  if (l.ulysses > 1) add_flag("--ulysses_size " + std::to_string(l.ulysses));
  if (l.ring > 1) add_flag("--ring_size " + std::to_string(l.ring));
  for (std::size_t i = 0; i < plan_axis_count; ++i) add_flag(c.value(i).official);
  return cmd;
}

} // namespace wanmeter
