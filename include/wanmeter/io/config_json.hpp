#pragma once
// Runtime architectures: read an official `config.json` of the Wan DiT, in the original
// `WanModel` format or the diffusers `WanTransformer3DModel` format, into a `wan_dit_arch` that
// goes through the same constexpr functions as the built-in ones.
//
// The file holds the DiT fields only; what the pipeline around it fixes (Wan2.1 or Wan2.2 code,
// the VAE strides, the CLIP image context) comes from a base model, normally the `--model` the
// file belongs to. The file's fields override the base's; `model_type` must be one the base's
// pipeline runs (t2v/i2v/flf2v with a Wan2.1 or Wan2.2 A14B base, ti2v with the TI2V-5B base).
//
// Every problem names the field: `wanmeter: invalid config.num_heads = 7: dim (5120) must be a
// multiple of num_heads`; a malformed file names the line and column where parsing stopped.
// Limits (a sanity range, far above every released model): dim <= 65536, ffn_dim <= 262144,
// num_heads and num_layers <= 1024, in_dim and out_dim <= 4096, freq_dim <= 4096 and even,
// text_len <= 4096, 0 < eps < 1, head_dim even (RoPE rotates pairs).

#include <wanmeter/core/errors.hpp>
#include <wanmeter/models/wan/arch.hpp>

#include <boost/json.hpp>

#include <cerrno>
#include <cstdint>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wanmeter {

namespace detail {

[[noreturn]] inline void config_fail(std::string_view field, std::string_view value, std::string_view rule) {
  throw invalid_input(std::string("config.") + std::string(field), value, rule);
}

inline std::string json_text(const boost::json::value& v) { return boost::json::serialize(v); }

/// A required unsigned integer field in [lo, hi].
inline count config_uint(const boost::json::object& o, std::string_view key, count lo, count hi) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) config_fail(key, "(missing)", "the field is required");
  count x = 0;
  if (v->is_uint64()) {
    x = v->get_uint64();
  } else if (v->is_int64() && v->get_int64() >= 0) {
    x = static_cast<count>(v->get_int64());
  } else {
    config_fail(key, json_text(*v), "must be a non-negative integer");
  }
  if (x < lo || x > hi) {
    config_fail(key, json_text(*v), "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  }
  return x;
}

/// An optional unsigned integer field (absent or null -> `fallback`).
inline count config_uint_or(const boost::json::object& o, std::string_view key, count lo, count hi, count fallback) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return fallback;
  return config_uint(o, key, lo, hi);
}

inline double config_eps(const boost::json::object& o, double fallback) {
  const auto* v = o.if_contains("eps");
  if (v == nullptr) return fallback;
  if (!v->is_number()) config_fail("eps", json_text(*v), "must be a number");
  const double e = v->to_number<double>();
  if (!(e > 0.0 && e < 1.0)) config_fail("eps", json_text(*v), "must be in (0, 1)");
  return e;
}

inline void config_bool_true(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return;
  if (!v->is_bool()) config_fail(key, json_text(*v), "must be true or false");
  if (!v->get_bool()) config_fail(key, "false", "wanmeter models the released Wan DiTs, which all use true");
}

inline model_type parse_model_type(const boost::json::value& v) {
  if (v.is_string()) {
    const std::string_view s = v.get_string();
    if (s == "t2v") return model_type::t2v;
    if (s == "i2v") return model_type::i2v;
    if (s == "flf2v") return model_type::flf2v;
    if (s == "ti2v") return model_type::ti2v;
  }
  config_fail("model_type", json_text(v), "must be one of \"t2v\", \"i2v\", \"flf2v\", \"ti2v\"");
}

/// Pipeline facts for `type` on top of `base`, or an error naming model_type.
inline void apply_model_type(wan_dit_arch& a, model_type type, const wan_dit_arch& base) {
  const bool v22 = base.version == wan_version::v2_2;
  const bool vae22 = vae_kind_of(base) == vae_kind::wan2_2;
  if (type == model_type::ti2v && !vae22) {
    config_fail("model_type", "\"ti2v\"", "ti2v runs on the Wan2.2 VAE: use it with --model wan2.2-ti2v-5b");
  }
  if (type != model_type::ti2v && vae22) {
    config_fail("model_type", std::string("\"") + std::string(name_of(type)) + "\"",
                "the wan2.2-ti2v-5b pipeline runs model_type \"ti2v\"");
  }
  if (type == model_type::flf2v && v22) {
    config_fail("model_type", "\"flf2v\"", "flf2v is a Wan2.1 model: use it with a wan2.1 --model");
  }
  a.type = type;
  a.image_tokens = 0;
  a.image_pos_embedding = false;
  if (!v22 && type == model_type::i2v) a.image_tokens = 257;  // CLIP ViT-H/14: 256 patches + CLS
  if (!v22 && type == model_type::flf2v) {
    a.image_tokens = 514;  // two images
    a.image_pos_embedding = true;
  }
}

inline void check_consistency(const wan_dit_arch& a) {
  if (a.dim % a.num_heads != 0) {
    config_fail("num_heads", std::to_string(a.num_heads),
                "dim (" + std::to_string(a.dim) + ") must be a multiple of num_heads");
  }
  if (a.head_dim() % 2 != 0) {
    config_fail("num_heads", std::to_string(a.num_heads),
                "head_dim = dim / num_heads (" + std::to_string(a.head_dim()) + ") must be even (RoPE rotates pairs)");
  }
}

inline boost::json::object parse_config_object(std::string_view text, std::string_view source) {
  boost::json::stream_parser p;
  boost::system::error_code ec;
  const std::size_t used = p.write(text.data(), text.size(), ec);
  if (!ec) p.finish(ec);
  if (ec) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < used && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw invalid_input("config", std::string(source),
                        "malformed JSON at line " + std::to_string(line) + ", column " + std::to_string(column) +
                            ": " + ec.message());
  }
  boost::json::value v = p.release();
  if (!v.is_object()) throw invalid_input("config", std::string(source), "the file must hold a JSON object");
  return std::move(v.get_object());
}

} // namespace detail

/// The architecture described by `text` (a config.json), on top of the pipeline of `base`.
[[nodiscard]] inline wan_dit_arch parse_wan_config(std::string_view text, const wan_dit_arch& base,
                                                   std::string_view source = "config.json") {
  using namespace detail;
  const boost::json::object o = parse_config_object(text, source);
  wan_dit_arch a = base;
  std::string_view cls = "WanModel";
  if (const auto* c = o.if_contains("_class_name")) {
    if (!c->is_string()) config_fail("_class_name", json_text(*c), "must be a string");
    cls = c->get_string();
  }
  if (cls == "WanModel") {
    a.dim = config_uint(o, "dim", 1, 65536);
    a.ffn_dim = config_uint(o, "ffn_dim", 1, 262144);
    a.num_heads = config_uint(o, "num_heads", 1, 1024);
    a.num_layers = config_uint(o, "num_layers", 1, 1024);
    a.in_dim = config_uint(o, "in_dim", 1, 4096);
    a.out_dim = config_uint(o, "out_dim", 1, 4096);
    a.freq_dim = config_uint_or(o, "freq_dim", 2, 4096, base.freq_dim);
    a.text_len = config_uint_or(o, "text_len", 1, 4096, base.text_len);
    a.eps = config_eps(o, base.eps);
    const auto* t = o.if_contains("model_type");
    apply_model_type(a, t != nullptr ? parse_model_type(*t) : base.type, base);
  } else if (cls == "WanTransformer3DModel") {
    a.num_heads = config_uint(o, "num_attention_heads", 1, 1024);
    const count head_dim = config_uint(o, "attention_head_dim", 2, 1024);
    a.dim = checked_mul(a.num_heads, head_dim);
    if (a.dim > 65536) config_fail("num_attention_heads", std::to_string(a.num_heads), "dim = heads x head_dim must be at most 65536");
    a.ffn_dim = config_uint(o, "ffn_dim", 1, 262144);
    a.num_layers = config_uint(o, "num_layers", 1, 1024);
    a.in_dim = config_uint(o, "in_channels", 1, 4096);
    a.out_dim = config_uint(o, "out_channels", 1, 4096);
    a.freq_dim = config_uint_or(o, "freq_dim", 2, 4096, base.freq_dim);
    a.text_dim = config_uint_or(o, "text_dim", 1, 65536, base.text_dim);
    a.eps = config_eps(o, base.eps);
    config_bool_true(o, "cross_attn_norm");
    if (const auto* q = o.if_contains("qk_norm")) {
      if (!(q->is_string() && q->get_string() == "rms_norm_across_heads")) {
        config_fail("qk_norm", json_text(*q), "wanmeter models \"rms_norm_across_heads\" (the released Wan DiTs)");
      }
    }
    if (const auto* ps = o.if_contains("patch_size")) {
      const auto* arr = ps->if_array();
      if (arr == nullptr || arr->size() != 3) config_fail("patch_size", json_text(*ps), "must be an array of 3 positive integers");
      for (std::size_t i = 0; i < 3; ++i) {
        const auto& e = (*arr)[i];
        if (!e.is_int64() || e.get_int64() < 1 || e.get_int64() > 16) {
          config_fail("patch_size", json_text(*ps), "must be an array of 3 integers between 1 and 16");
        }
        a.patch_size[i] = static_cast<count>(e.get_int64());
      }
    }
    const count image_dim = config_uint_or(o, "image_dim", 1, 65536, 0);
    const count added_kv = config_uint_or(o, "added_kv_proj_dim", 1, 65536, 0);
    const count pos_len = config_uint_or(o, "pos_embed_seq_len", 1, 65536, 0);
    if (image_dim != 0 && added_kv != a.dim) {
      config_fail("added_kv_proj_dim", std::to_string(added_kv), "must equal the model dim (" + std::to_string(a.dim) + ") when image_dim is set");
    }
    model_type type = base.type;
    if (image_dim != 0) {
      type = pos_len != 0 ? model_type::flf2v : model_type::i2v;
      a.image_dim = image_dim;
    } else if (base.type == model_type::flf2v || (base.version == wan_version::v2_1 && base.type == model_type::i2v)) {
      type = model_type::t2v;
    }
    apply_model_type(a, type, base);
    if (type == model_type::flf2v && pos_len != 514) {
      config_fail("pos_embed_seq_len", std::to_string(pos_len), "FLF2V uses two CLIP images of 257 tokens: 514");
    }
  } else {
    config_fail("_class_name", std::string("\"") + std::string(cls) + "\"",
                "must be \"WanModel\" or \"WanTransformer3DModel\"");
  }
  check_consistency(a);
  return a;
}

/// Reads and parses the config file at `path` (see parse_wan_config). Only a regular file (or a
/// link to one) is read: a FIFO, a device or a folder is refused at once, never waited on (the
/// file is opened non-blocking, so a FIFO without a writer cannot hang the open either).
[[nodiscard]] inline wan_dit_arch read_wan_config(const std::string& path, const wan_dit_arch& base) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw invalid_input("config", path, "cannot open the file for reading");
  struct ::stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw invalid_input("config", path, "not a regular file (a config.json is read from a file)");
  }
  // Read at most 1 MiB + 1 byte.
  constexpr std::size_t limit = std::size_t{1} << 20;
  std::string text(limit + 1, '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    const ::ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      throw invalid_input("config", path, "cannot read the file");
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  text.resize(got);
  if (text.size() > limit) throw invalid_input("config", path, "a config.json is at most 1 MiB");
  return parse_wan_config(text, base, path);
}

} // namespace wanmeter
