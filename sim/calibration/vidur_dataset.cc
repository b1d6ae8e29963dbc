#include "sim/calibration/vidur_dataset.h"

#include <algorithm>

namespace gpuplan {

std::vector<bool> FitHalfBySize(const std::vector<double>& sizes) {
  std::vector<double> distinct = sizes;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::vector<bool> fit;
  for (double s : sizes) {
    const auto rank = std::lower_bound(distinct.begin(), distinct.end(), s) - distinct.begin();
    fit.push_back(rank % 2 == 0);
  }
  return fit;
}

ModelSpec ModelFromProfile(const VidurMlpProfile& profile, int layers) {
  ModelSpec m;
  m.name = profile.shape.name;
  m.display_name = profile.shape.name;
  m.num_layers = layers;
  m.hidden_size = profile.shape.hidden;
  m.num_attention_heads = profile.shape.heads;
  m.num_kv_heads = profile.shape.kv_heads;
  m.head_dim = profile.shape.head_dim;
  m.intermediate_size = profile.shape.intermediate;
  m.vocab_size = profile.shape.vocab;
  m.max_context_tokens = 32768;
  m.gated_mlp = profile.gated_mlp;
  return m;
}

VidurDataset LoadVidurDataset(const std::string& vidur_dir, const GpuSpec& h100,
                              const GpuSpec& a100) {
  VidurDataset data;
  auto spec = [&](const std::string& key) { return key == "h100" ? h100 : a100; };
  for (const VidurProfileId& id : kVidurProfiles) {
    VidurComputeSet set;
    set.gpu_key = id.gpu;
    set.gpu = spec(id.gpu);
    set.profile = ReadVidurMlp(
        vidur_dir + "/compute/" + id.gpu + "/meta-llama/" + id.model + "/mlp.csv", id.model);
    set.one_layer = ModelFromProfile(set.profile, 1);
    std::vector<double> sizes;
    for (const VidurMlpRow& r : set.profile.rows) sizes.push_back(r.num_tokens);
    set.fit = FitHalfBySize(sizes);
    data.compute.push_back(std::move(set));
  }
  for (const char* gpu : {"h100", "a100"}) {
    for (const char* collective : {"all_reduce", "send_recv"}) {
      VidurNetworkSet set;
      set.gpu_key = gpu;
      set.gpu = spec(gpu);
      set.collective = collective;
      for (const VidurNetworkRow& r : ReadVidurNetwork(
               vidur_dir + "/network/" + gpu + "_dgx/" + collective + ".csv", collective)) {
        if (r.rank == 0) set.rows.push_back(r);
      }
      std::vector<double> sizes;
      for (const VidurNetworkRow& r : set.rows) sizes.push_back(r.bytes);
      set.fit = FitHalfBySize(sizes);
      data.network.push_back(std::move(set));
    }
  }
  return data;
}

}  // namespace gpuplan
