// Prints wanmeter's per-call tensor FLOPs and parameters of the non-DiT stages, one
// `key value` pair per line, for comparison with the official code (verify/verify_flops.py).
//
// Usage: wanmeter_stage_flops t5 <layers> <batch>
//        wanmeter_stage_flops clip <images>
//        wanmeter_stage_flops vae21 <frames> <height> <width>
//        wanmeter_stage_flops vae22 <frames> <height> <width>
// For the VAEs it prints encode and decode; `layers` builds umT5-XXL with fewer blocks.
#include <wanmeter/models/clip/vision.hpp>
#include <wanmeter/models/t5/encoder.hpp>
#include <wanmeter/models/vae/wan2_1.hpp>
#if __has_include(<wanmeter/models/vae/wan2_2.hpp>)
#include <wanmeter/models/vae/wan2_2.hpp>
#define WANMETER_HAS_VAE22 1
#endif

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
    } else {
      std::cerr << "usage: wanmeter_stage_flops t5 <layers> <batch> | clip <images> | "
                   "vae21 <frames> <height> <width> | vae22 <frames> <height> <width>\n";
      return 2;
    }
  } catch (const std::exception& e) {
    std::cerr << "wanmeter_stage_flops: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
