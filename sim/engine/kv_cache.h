// KvCache: the paged KV-cache block allocator of one replica (vLLM's block pool).
//
// The cache holds `num_blocks` blocks of `block_size` tokens each; a request owns a BlockTable
// of real block ids. Allocation policy (deterministic, so block tables are reproducible): free
// blocks form a LIFO stack that starts as 0, 1, 2, ... (lowest ids first); freed blocks are
// pushed back so that the most recently freed block is reused first, and a freed table's
// blocks come back out in their table order. Admission respects a watermark (vLLM's
// `watermark_blocks = watermark * num_blocks`, kept free so that running requests can grow
// without immediately preempting); growth of running requests does not.
//
// Invariants (GPUPLAN_CHECK, always on): used + free == total; a block is never handed out
// twice or freed twice.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/engine/request.h"

namespace gpuplan {

struct KvCacheConfig {
  int32_t num_blocks = 0;   // from the memory model (weights + activations subtracted)
  int32_t block_size = 16;  // tokens per block (vLLM `block_size`)
  double watermark = 0.01;  // fraction of blocks kept free at admission (vLLM `watermark`)
};

class KvCache {
 public:
  explicit KvCache(const KvCacheConfig& config);

  int32_t num_blocks() const { return num_blocks_; }
  int32_t block_size() const { return block_size_; }
  int32_t watermark_blocks() const { return watermark_blocks_; }
  int32_t num_free() const { return static_cast<int32_t>(free_.size()); }
  int32_t num_used() const { return num_used_; }

  // Blocks needed to hold `num_tokens` tokens.
  int32_t BlocksForTokens(int64_t num_tokens) const {
    return static_cast<int32_t>((num_tokens + block_size_ - 1) / block_size_);
  }
  // Extra blocks `table` needs to hold `num_tokens` tokens (0 when it already does).
  int32_t BlocksToGrow(const BlockTable& table, int64_t num_tokens) const {
    const int32_t need = BlocksForTokens(num_tokens) - static_cast<int32_t>(table.size());
    return need > 0 ? need : 0;
  }

  // Admission test: n blocks can be taken while leaving the watermark free
  // (vLLM: free - n >= watermark_blocks).
  bool CanAllocate(int32_t n) const { return num_free() - n >= watermark_blocks_; }
  // Growth test: n blocks are free (no watermark).
  bool HasFree(int32_t n) const { return num_free() >= n; }

  // Appends n blocks to `table`. Precondition: HasFree(n).
  void Allocate(BlockTable* table, int32_t n);
  // Makes `table` hold `num_tokens` tokens; false (nothing taken) when blocks are short.
  // Inline: the scheduler calls it for every running request of every step, and most calls (a
  // decode inside its last block) need nothing.
  bool Grow(BlockTable* table, int64_t num_tokens) {
    // The no-growth test multiplies rather than divides (BlocksToGrow): same answer, cheaper.
    if (static_cast<int64_t>(table->size()) * block_size_ >= num_tokens) return true;
    return GrowByAllocating(table, num_tokens);
  }
  // Returns all of `table`'s blocks and clears it (keeping its capacity).
  void Free(BlockTable* table);

  // Throws InternalError unless used + free == total.
  void CheckConservation() const;

 private:
  // Grow() when `table` needs more blocks; out of line to keep the inline test small.
  bool GrowByAllocating(BlockTable* table, int64_t num_tokens);

  int32_t num_blocks_;
  int32_t block_size_;
  int32_t watermark_blocks_;
  int32_t num_used_ = 0;
  std::vector<int32_t> free_;       // stack: back() is handed out next
  std::vector<uint8_t> allocated_;  // per block: 1 while owned by a request
};

}  // namespace gpuplan
