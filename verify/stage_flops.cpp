// Prints wanmeter's per-call tensor FLOPs and parameters of the stages, one `key value` pair per
// line, for comparison with the official code (verify/verify_flops.py).
//
// Usage: wanmeter_stage_flops t5 <layers> <batch>
//        wanmeter_stage_flops clip <images>
//        wanmeter_stage_flops vae21 <frames> <height> <width>
//        wanmeter_stage_flops vae22 <frames> <height> <width>
//        wanmeter_stage_flops dit <config.json> <base model id> <frames> <height> <width> [<batch>]
// For the VAEs it prints encode and decode; `layers` builds umT5-XXL with fewer blocks. `dit`
// reads the architecture from an official config.json on top of the base model's pipeline
// (wanmeter::read_wan_config) and prints one forward (`dit.*`) plus each top-level module of
// WanModel (`dit.<module>.*`, 0 for an absent one); frames/height/width are pixels.
#include <wanmeter/io/config_json.hpp>
#include <wanmeter/models/clip/vision.hpp>
#include <wanmeter/models/t5/encoder.hpp>
#include <wanmeter/models/vae/wan2_1.hpp>
#include <wanmeter/models/wan/dit.hpp>
#include <wanmeter/models/wan/registry.hpp>
#if __has_include(<wanmeter/models/vae/wan2_2.hpp>)
#include <wanmeter/models/vae/wan2_2.hpp>
#define WANMETER_HAS_VAE22 1
#endif

#include <boost/hana/for_each.hpp>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

namespace {
using namespace wanmeter;

void print(const std::string& key, const metrics& m) {
  std::cout << key << ".tensor_flops " << m.tensor_flops << '\n'
            << key << ".parameters " << m.parameters << '\n';
}

count arg(char** argv, int i) { return static_cast<count>(std::stoull(argv[i])); }

void print_dit(const wan_dit_arch& a, const workload& w) {
  const wan_model m = make_wan_dit(a, w);
  print("dit", cost_of(m));
  boost::hana::for_each(m.children(), [](const auto& c) { print("dit." + std::string(c.name), cost_of(c.node)); });
}
} // namespace

int main(int argc, char** argv) {
  try {
    const std::string what = argc > 1 ? argv[1] : "";
    if (what == "t5" && argc == 4) {
      t5_encoder_arch a = umt5_xxl;
      a.num_layers = arg(argv, 2);
      print("t5", t5_encoder_cost(a, arg(argv, 3)));
    } else if (what == "clip" && argc == 3) {
      print("clip", clip_vision_cost(clip_vit_h_14, arg(argv, 2)));
    } else if (what == "vae21" && argc == 5) {
      const workload w{.frames = arg(argv, 2), .height = arg(argv, 3), .width = arg(argv, 4)};
      print("vae21.encode", wan2_1_vae_encode_cost(w));
      print("vae21.decode", wan2_1_vae_decode_cost(w));
#ifdef WANMETER_HAS_VAE22
    } else if (what == "vae22" && argc == 5) {
      const workload w{.frames = arg(argv, 2), .height = arg(argv, 3), .width = arg(argv, 4)};
      print("vae22.encode", wan2_2_vae_encode_cost(w));
      print("vae22.decode", wan2_2_vae_decode_cost(w));
#endif
    } else if (what == "dit" && (argc == 7 || argc == 8)) {
      const wan_dit_arch a = read_wan_config(argv[2], find_model(argv[3]).arch);
      const workload w{.batch = argc == 8 ? arg(argv, 7) : 1, .frames = arg(argv, 4), .height = arg(argv, 5),
                       .width = arg(argv, 6)};
      print_dit(a, w);
    } else {
      std::cerr << "usage: wanmeter_stage_flops t5 <layers> <batch> | clip <images> | "
                   "vae21 <frames> <height> <width> | vae22 <frames> <height> <width> | "
                   "dit <config.json> <base model id> <frames> <height> <width> [<batch>]\n";
      return 2;
    }
  } catch (const std::exception& e) {
    std::cerr << "wanmeter_stage_flops: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
