#include "sim/engine/kv_cache.h"

#include <algorithm>
#include <cmath>

#include "sim/core/error.h"

namespace gpuplan {

KvCache::KvCache(const KvCacheConfig& config)
    : num_blocks_(config.num_blocks),
      block_size_(config.block_size),
      // vLLM V0 BlockSpaceManager: watermark_blocks = int(watermark * num_gpu_blocks).
      watermark_blocks_(static_cast<int32_t>(std::floor(config.watermark * config.num_blocks))),
      prefix_caching_(config.prefix_caching) {
  if (config.num_blocks < 1) {
    throw ConfigError(fmt::format("KV cache needs at least 1 block, got {}", config.num_blocks));
  }
  if (config.block_size < 1) {
    throw ConfigError(fmt::format("KV block_size must be >= 1, got {}", config.block_size));
  }
  if (!(config.watermark >= 0.0 && config.watermark < 1.0)) {
    throw ConfigError(fmt::format("KV watermark must be in [0, 1), got {}", config.watermark));
  }
  num_free_ = num_blocks_;  // all of them fresh: nothing is stored per block yet
}

void KvCache::ForgetCachedContents() {
  GPUPLAN_CHECK(num_used_ == 0, "KV cache forgotten with {} blocks in use", num_used_);
  num_free_ = num_blocks_;
  fresh_ = 0;
  free_.clear();
  state_.clear();
  lists_[0] = lists_[1] = List{};
  next_.clear();
  prev_.clear();
  owner_.clear();
  position_.clear();
}

int32_t KvCache::TakeFresh() {
  const int32_t block = fresh_++;
  state_.push_back(BlockState::kFreeFront);
  if (prefix_caching_) {
    next_.push_back(-1);
    prev_.push_back(-1);
    owner_.push_back(0);
    position_.push_back(0);
  }
  return block;
}

void KvCache::PushFree(int32_t block, bool front) {
  const auto b = static_cast<size_t>(block);
  List& list = lists_[front ? 0 : 1];
  state_[b] = front ? BlockState::kFreeFront : BlockState::kFreeBack;
  if (front) {
    prev_[b] = -1;
    next_[b] = list.head;
    if (list.head >= 0) prev_[static_cast<size_t>(list.head)] = block;
    list.head = block;
    if (list.tail < 0) list.tail = block;
  } else {
    next_[b] = -1;
    prev_[b] = list.tail;
    if (list.tail >= 0) next_[static_cast<size_t>(list.tail)] = block;
    list.tail = block;
    if (list.head < 0) list.head = block;
  }
  ++num_free_;
}

void KvCache::Unlink(int32_t block) {
  const auto b = static_cast<size_t>(block);
  List& list = lists_[state_[b] == BlockState::kFreeFront ? 0 : 1];
  if (prev_[b] >= 0) {
    next_[static_cast<size_t>(prev_[b])] = next_[b];
  } else {
    list.head = next_[b];
  }
  if (next_[b] >= 0) {
    prev_[static_cast<size_t>(next_[b])] = prev_[b];
  } else {
    list.tail = prev_[b];
  }
  next_[b] = prev_[b] = -1;
  --num_free_;
}

// The next block to hand out; with prefix caching its cached contents are evicted. Order: the
// freed blocks on the stack (or the queue's front list), then the fresh range, then (queue only)
// the back list.
int32_t KvCache::PopFree() {
  if (!prefix_caching_) {
    --num_free_;
    if (free_.empty()) return TakeFresh();
    const int32_t block = free_.back();
    free_.pop_back();
    return block;
  }
  if (lists_[0].head < 0 && fresh_ < num_blocks_) {
    --num_free_;
    return TakeFresh();
  }
  const int32_t block = lists_[0].head >= 0 ? lists_[0].head : lists_[1].head;
  Unlink(block);
  owner_[static_cast<size_t>(block)] = 0;
  return block;
}

void KvCache::Allocate(BlockTable* table, int32_t n) {
  GPUPLAN_CHECK(n >= 0 && HasFree(n), "allocating {} KV blocks with {} free", n, num_free());
  for (int32_t i = 0; i < n; ++i) {
    const int32_t block = PopFree();
    GPUPLAN_CHECK(state_[static_cast<size_t>(block)] != BlockState::kAllocated,
                  "KV block {} handed out twice", block);
    state_[static_cast<size_t>(block)] = BlockState::kAllocated;
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

void KvCache::Free(BlockTable* table, uint64_t owner, int64_t num_tokens) {
  const auto size = static_cast<int64_t>(table->size());
  // Full blocks holding the first num_tokens tokens keep them (prefix caching only).
  const int64_t full = prefix_caching_ ? std::min(size, num_tokens / block_size_) : 0;
  // Pushed in reverse: without caching the table's first block ends on top of the stack (reused
  // first, in order); with caching its last block joins the queue first (evicted first).
  for (int64_t i = size - 1; i >= 0; --i) {
    const int32_t block = (*table)[static_cast<size_t>(i)];
    GPUPLAN_CHECK(block >= 0 && block < fresh_, "bad KV block id {}", block);
    GPUPLAN_CHECK(state_[static_cast<size_t>(block)] == BlockState::kAllocated,
                  "KV block {} freed twice", block);
    if (!prefix_caching_) {
      state_[static_cast<size_t>(block)] = BlockState::kFreeFront;
      free_.push_back(block);
      ++num_free_;
      continue;
    }
    const bool cached = i < full;
    owner_[static_cast<size_t>(block)] = cached ? owner + 1 : 0;  // 0 is "nothing"
    position_[static_cast<size_t>(block)] = static_cast<int32_t>(i);
    PushFree(block, /*front=*/!cached);
  }
  num_used_ -= static_cast<int32_t>(size);
  table->clear();
  CheckConservation();
}

int32_t KvCache::CachedPrefix(const BlockTable& chain, uint64_t owner, int32_t max_blocks) const {
  if (!prefix_caching_) return 0;
  const int32_t limit = std::min<int32_t>(max_blocks, static_cast<int32_t>(chain.size()));
  int32_t hits = 0;
  while (hits < limit) {
    const auto b = static_cast<size_t>(chain[static_cast<size_t>(hits)]);
    if (b >= state_.size() || state_[b] == BlockState::kAllocated || owner_[b] != owner + 1 ||
        position_[b] != hits) {
      break;
    }
    ++hits;
  }
  return hits;
}

void KvCache::Reclaim(BlockTable* table, const BlockTable& chain, int32_t count) {
  GPUPLAN_CHECK(table->empty() && count >= 0 && count <= static_cast<int32_t>(chain.size()),
                "reclaiming {} cached blocks into a table of {}", count, table->size());
  for (int32_t i = 0; i < count; ++i) {
    const int32_t block = chain[static_cast<size_t>(i)];
    GPUPLAN_CHECK(block >= 0 && block < fresh_ &&
                      state_[static_cast<size_t>(block)] != BlockState::kAllocated,
                  "cached KV block {} is in use", block);
    Unlink(block);
    owner_[static_cast<size_t>(block)] = 0;
    state_[static_cast<size_t>(block)] = BlockState::kAllocated;
    table->push_back(block);
  }
  num_used_ += count;
  CheckConservation();
}

void KvCache::CheckConservation() const {
  GPUPLAN_CHECK(num_used_ >= 0 && num_used_ + num_free() == num_blocks_,
                "KV blocks not conserved: used {} + free {} != total {}", num_used_, num_free(),
                num_blocks_);
}

}  // namespace gpuplan
