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
// With prefix caching (vLLM V1's default, TensorRT-LLM's block reuse, SGLang's radix cache) the
// free blocks form a queue instead (vllm/v1/core/block_pool.py, FreeKVCacheBlockQueue): a freed
// request's full blocks keep their contents and join the back, its last block first, so the
// least recently freed content is evicted first and a request's prefix outlives its tail; blocks
// without content (a partial last block) go to the front and are reused first. A block leaves the
// cache only when it is handed out again. A preempted request can take the leading blocks of its
// old table back (CachedPrefix, Reclaim) and recompute only the rest.
//
// Blocks never handed out are not stored: they are the range [fresh_, num_blocks), taken in
// ascending order exactly where the lists above would hold them (after the freed blocks of the
// stack; in the queue, after blocks pushed to its front and before blocks pushed to its back), so
// memory grows with the blocks a run touches, not with the cache's size (a 2,000-replica fleet
// that serves a few requests each allocates almost nothing).
//
// Invariants (GPUPLAN_CHECK, always on): used + free == total; a block is never handed out
// twice or freed twice.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "sim/engine/request.h"

namespace gpuplan {

// Block ids are int32: the most blocks one replica's cache may hold (checked, with a location,
// when a scenario is loaded).
inline constexpr int64_t kMaxKvBlocksPerReplica = std::numeric_limits<int32_t>::max();

struct KvCacheConfig {
  int32_t num_blocks = 0;       // from the memory model (weights + activations subtracted)
  int32_t block_size = 16;      // tokens per block (vLLM `block_size`)
  double watermark = 0.01;      // fraction of blocks kept free at admission (vLLM `watermark`)
  bool prefix_caching = false;  // freed full blocks keep their contents until reused
};

class KvCache {
 public:
  explicit KvCache(const KvCacheConfig& config);

  int32_t num_blocks() const { return num_blocks_; }
  int32_t block_size() const { return block_size_; }
  int32_t watermark_blocks() const { return watermark_blocks_; }
  int32_t num_free() const { return num_free_; }
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
  // Returns all of `table`'s blocks and clears it (keeping its capacity). With prefix caching the
  // blocks fully holding the first `num_tokens` tokens keep them for `owner` (a request id).
  void Free(BlockTable* table, uint64_t owner = 0, int64_t num_tokens = 0);

  bool prefix_caching() const { return prefix_caching_; }
  // How many leading blocks of `chain` (a table `owner` held) still hold `owner`'s tokens and are
  // free, stopping at the first that does not; at most `max_blocks`.
  int32_t CachedPrefix(const BlockTable& chain, uint64_t owner, int32_t max_blocks) const;
  // Moves the first `count` blocks of `chain` (see CachedPrefix) out of the free queue into the
  // empty `table`.
  void Reclaim(BlockTable* table, const BlockTable& chain, int32_t count);

  // Back to the state of a new cache: every block free and fresh, no prefix-cached contents, the
  // allocation order of a cold start. Only with no block in use (InternalError otherwise): a
  // replica that starts again after its release holds no request.
  void ForgetCachedContents();

  // Throws InternalError unless used + free == total.
  void CheckConservation() const;

 private:
  // Grow() when `table` needs more blocks; out of line to keep the inline test small.
  bool GrowByAllocating(BlockTable* table, int64_t num_tokens);

  int32_t PopFree();
  // The lowest never-used block, with its per-block state created.
  int32_t TakeFresh();
  void PushFree(int32_t block, bool front);
  void Unlink(int32_t block);

  int32_t num_blocks_;
  int32_t block_size_;
  int32_t watermark_blocks_;
  bool prefix_caching_;
  int32_t num_used_ = 0;
  int32_t num_free_ = 0;
  int32_t fresh_ = 0;          // blocks [fresh_, num_blocks_) were never handed out
  std::vector<int32_t> free_;  // without prefix caching, a stack: back() is handed out next
  // Per touched block (index < fresh_): its state.
  enum class BlockState : uint8_t { kAllocated, kFreeFront, kFreeBack };
  std::vector<BlockState> state_;
  // With prefix caching: the free queue is front list + fresh range + back list, each list doubly
  // linked (kFront's head handed out first); and what each block holds (owner_ 0: nothing; else
  // the request id + 1 and the block's index in its table).
  struct List {
    int32_t head = -1, tail = -1;
  };
  List lists_[2];  // [0] before the fresh range, [1] after it
  std::vector<int32_t> next_, prev_;
  std::vector<uint64_t> owner_;
  std::vector<int32_t> position_;
};

}  // namespace gpuplan
