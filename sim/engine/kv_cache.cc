#include "sim/engine/kv_cache.h"

#include <cmath>

#include "sim/core/error.h"

namespace gpuplan {

KvCache::KvCache(const KvCacheConfig& config)
    : num_blocks_(config.num_blocks),
      block_size_(config.block_size),
      // vLLM V0 BlockSpaceManager: watermark_blocks = int(watermark * num_gpu_blocks).
      watermark_blocks_(static_cast<int32_t>(std::floor(config.watermark * config.num_blocks))) {
  if (config.num_blocks < 1) {
    throw ConfigError(fmt::format("KV cache needs at least 1 block, got {}", config.num_blocks));
  }
  if (config.block_size < 1) {
    throw ConfigError(fmt::format("KV block_size must be >= 1, got {}", config.block_size));
  }
  if (!(config.watermark >= 0.0 && config.watermark < 1.0)) {
    throw ConfigError(fmt::format("KV watermark must be in [0, 1), got {}", config.watermark));
  }
  free_.reserve(static_cast<size_t>(num_blocks_));
  for (int32_t b = num_blocks_ - 1; b >= 0; --b) free_.push_back(b);
  allocated_.assign(static_cast<size_t>(num_blocks_), 0);
}

void KvCache::Allocate(BlockTable* table, int32_t n) {
  GPUPLAN_CHECK(n >= 0 && HasFree(n), "allocating {} KV blocks with {} free", n, num_free());
  for (int32_t i = 0; i < n; ++i) {
    const int32_t block = free_.back();
    free_.pop_back();
    GPUPLAN_CHECK(!allocated_[static_cast<size_t>(block)], "KV block {} handed out twice", block);
    allocated_[static_cast<size_t>(block)] = 1;
    table->push_back(block);
  }
  num_used_ += n;
  CheckConservation();
}

bool KvCache::GrowByAllocating(BlockTable* table, int64_t num_tokens) {
  const int32_t need = BlocksToGrow(*table, num_tokens);
  if (!HasFree(need)) return false;
  Allocate(table, need);
  return true;
}

void KvCache::Free(BlockTable* table) {
  // Pushed in reverse so the table's first block is on top: the next allocation reuses the
  // freed blocks in their original order.
  for (auto it = table->rbegin(); it != table->rend(); ++it) {
    const int32_t block = *it;
    GPUPLAN_CHECK(block >= 0 && block < num_blocks_, "bad KV block id {}", block);
    GPUPLAN_CHECK(allocated_[static_cast<size_t>(block)], "KV block {} freed twice", block);
    allocated_[static_cast<size_t>(block)] = 0;
    free_.push_back(block);
  }
  num_used_ -= static_cast<int32_t>(table->size());
  table->clear();
  CheckConservation();
}

void KvCache::CheckConservation() const {
  GPUPLAN_CHECK(num_used_ >= 0 && num_used_ + num_free() == num_blocks_,
                "KV blocks not conserved: used {} + free {} != total {}", num_used_, num_free(),
                num_blocks_);
}

}  // namespace gpuplan
