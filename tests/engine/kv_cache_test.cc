#include "sim/engine/kv_cache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <random>
#include <vector>

#include "sim/core/error.h"
#include "sim/engine/index_deque.h"

namespace gpuplan {
namespace {

KvCache Cache(int32_t blocks, int32_t block_size = 16, double watermark = 0.0) {
  return KvCache(
      KvCacheConfig{.num_blocks = blocks, .block_size = block_size, .watermark = watermark});
}

TEST(KvCacheTest, HandsOutLowestIdsFirst) {
  KvCache kv = Cache(8);
  BlockTable t;
  kv.Allocate(&t, 3);
  EXPECT_EQ(t, (BlockTable{0, 1, 2}));
  EXPECT_EQ(kv.num_used(), 3);
  EXPECT_EQ(kv.num_free(), 5);
}

TEST(KvCacheTest, ReusesMostRecentlyFreedBlocksInTableOrder) {
  KvCache kv = Cache(8);
  BlockTable a, b, c;
  kv.Allocate(&a, 2);  // 0 1
  kv.Allocate(&b, 3);  // 2 3 4
  kv.Free(&b);
  EXPECT_TRUE(b.empty());
  kv.Allocate(&c, 4);
  EXPECT_EQ(c, (BlockTable{2, 3, 4, 5}));
  kv.Free(&a);
  kv.Free(&c);
  EXPECT_EQ(kv.num_used(), 0);
  EXPECT_EQ(kv.num_free(), 8);
}

TEST(KvCacheTest, BlocksForTokensRoundsUp) {
  KvCache kv = Cache(8, 16);
  EXPECT_EQ(kv.BlocksForTokens(0), 0);
  EXPECT_EQ(kv.BlocksForTokens(1), 1);
  EXPECT_EQ(kv.BlocksForTokens(16), 1);
  EXPECT_EQ(kv.BlocksForTokens(17), 2);
  BlockTable t;
  kv.Allocate(&t, 1);
  EXPECT_EQ(kv.BlocksToGrow(t, 16), 0);
  EXPECT_EQ(kv.BlocksToGrow(t, 17), 1);
  EXPECT_EQ(kv.BlocksToGrow(t, 49), 3);
}

TEST(KvCacheTest, WatermarkBoundaryAdmitsExactlyAtTheWatermark) {
  // vLLM: watermark_blocks = int(0.1 * 100) = 10; admit iff free - need >= 10.
  KvCache kv = Cache(100, 16, 0.1);
  EXPECT_EQ(kv.watermark_blocks(), 10);
  EXPECT_TRUE(kv.CanAllocate(90));
  EXPECT_FALSE(kv.CanAllocate(91));
  BlockTable t;
  kv.Allocate(&t, 20);
  EXPECT_TRUE(kv.CanAllocate(70));
  EXPECT_FALSE(kv.CanAllocate(71));
  // Growth ignores the watermark.
  EXPECT_TRUE(kv.HasFree(80));
  EXPECT_FALSE(kv.HasFree(81));
}

TEST(KvCacheTest, GrowTakesNothingWhenShort) {
  KvCache kv = Cache(4, 16);
  BlockTable t;
  EXPECT_TRUE(kv.Grow(&t, 33));  // 3 blocks
  EXPECT_EQ(t.size(), 3u);
  EXPECT_FALSE(kv.Grow(&t, 80));  // needs 2 more, 1 free
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(kv.num_used(), 3);
  EXPECT_TRUE(kv.Grow(&t, 64));
  EXPECT_EQ(kv.num_free(), 0);
}

TEST(KvCacheTest, DoubleFreeAndOverAllocationAreCaught) {
  KvCache kv = Cache(4);
  BlockTable t;
  kv.Allocate(&t, 2);
  BlockTable copy = t;
  kv.Free(&t);
  EXPECT_THROW(kv.Free(&copy), InternalError);
  BlockTable big;
  EXPECT_THROW(kv.Allocate(&big, 5), InternalError);
}

TEST(KvCacheTest, RejectsBadConfig) {
  EXPECT_THROW(Cache(0), ConfigError);
  EXPECT_THROW(Cache(4, 0), ConfigError);
  EXPECT_THROW(Cache(4, 16, 1.0), ConfigError);
  EXPECT_THROW(Cache(4, 16, -0.1), ConfigError);
}

KvCache CachingCache(int32_t blocks, int32_t block_size = 4) {
  return KvCache(KvCacheConfig{
      .num_blocks = blocks, .block_size = block_size, .watermark = 0, .prefix_caching = true});
}

TEST(PrefixCachingKvCacheTest, FreedContentIsEvictedLeastRecentlyFreedFirstTailFirst) {
  KvCache kv = CachingCache(6);
  BlockTable a, b;
  kv.Allocate(&a, 3);  // 0 1 2 (the queue hands out 0, 1, 2, ... first)
  kv.Allocate(&b, 3);  // 3 4 5
  // A holds 10 tokens in blocks of 4: blocks 0 and 1 are full, block 2 is partial.
  kv.Free(&a, /*owner=*/7, /*num_tokens=*/10);
  // The partial block goes to the front (reused first), then 1 and 0 in that order: the tail of
  // A's content is evicted before its head.
  BlockTable c;
  kv.Allocate(&c, 1);
  EXPECT_EQ(c, (BlockTable{2}));
  const BlockTable chain = {0, 1, 2};
  EXPECT_EQ(kv.CachedPrefix(chain, 7, 3), 2);  // blocks 0 and 1 still hold A's tokens
  EXPECT_EQ(kv.CachedPrefix(chain, 7, 1), 1);  // capped
  EXPECT_EQ(kv.CachedPrefix(chain, 8, 3), 0);  // another request's
  kv.Allocate(&c, 1);                          // evicts block 1 (freed before block 0)
  EXPECT_EQ(c, (BlockTable{2, 1}));
  EXPECT_EQ(kv.CachedPrefix(chain, 7, 3), 1);
  kv.CheckConservation();
}

TEST(PrefixCachingKvCacheTest, ReclaimTakesTheCachedBlocksBack) {
  KvCache kv = CachingCache(4);
  BlockTable a;
  kv.Allocate(&a, 3);
  kv.Free(&a, 3, 12);  // three full blocks
  const BlockTable chain = {0, 1, 2};
  ASSERT_EQ(kv.CachedPrefix(chain, 3, 3), 3);
  BlockTable back;
  kv.Reclaim(&back, chain, 2);
  EXPECT_EQ(back, (BlockTable{0, 1}));
  EXPECT_EQ(kv.num_used(), 2);
  EXPECT_EQ(kv.num_free(), 2);
  // Reclaimed blocks are no longer cached; block 2 still is, and block 3 (never used) is next.
  BlockTable d;
  kv.Allocate(&d, 1);
  EXPECT_EQ(d, (BlockTable{3}));
  EXPECT_EQ(kv.CachedPrefix(chain, 3, 3), 0);  // block 0 is now in use
}

// The allocator as it was written before blocks were stored lazily: every block in one stack (or
// one queue) from the start. KvCache must hand out exactly the same ids in the same order.
class ReferenceKv {
 public:
  ReferenceKv(int32_t n, bool caching) : caching_(caching), owner_(n, 0), position_(n, 0) {
    for (int32_t b = 0; b < n; ++b) queue_.push_back(caching ? b : n - 1 - b);
  }
  int32_t Pop() {
    if (!caching_) {
      const int32_t b = queue_.back();
      queue_.pop_back();
      return b;
    }
    const int32_t b = queue_.front();
    queue_.pop_front();
    owner_[b] = 0;
    return b;
  }
  void Free(const BlockTable& t, uint64_t owner, int64_t tokens, int32_t block_size) {
    const int64_t full = caching_ ? std::min<int64_t>(t.size(), tokens / block_size) : 0;
    for (int64_t i = static_cast<int64_t>(t.size()) - 1; i >= 0; --i) {
      const int32_t b = t[static_cast<size_t>(i)];
      if (!caching_) {
        queue_.push_back(b);
        continue;
      }
      owner_[b] = i < full ? owner + 1 : 0;
      position_[b] = static_cast<int32_t>(i);
      if (i < full) {
        queue_.push_back(b);
      } else {
        queue_.push_front(b);
      }
    }
  }
  void Reclaim(const BlockTable& chain, int32_t count) {
    for (int32_t i = 0; i < count; ++i) {
      queue_.erase(std::find(queue_.begin(), queue_.end(), chain[static_cast<size_t>(i)]));
      owner_[chain[static_cast<size_t>(i)]] = 0;
    }
  }

 private:
  bool caching_;
  std::deque<int32_t> queue_;
  std::vector<uint64_t> owner_;
  std::vector<int32_t> position_;
};

// Random allocations, frees (with and without cached content) and reclaims, seeded: every id
// handed out must match the reference, including after the never-used range runs out.
void ExpectSameIdsAsReference(bool caching) {
  constexpr int32_t kBlocks = 64, kBlockSize = 4;
  KvCache kv(KvCacheConfig{
      .num_blocks = kBlocks, .block_size = kBlockSize, .watermark = 0, .prefix_caching = caching});
  ReferenceKv ref(kBlocks, caching);
  std::mt19937 rng(12345);
  std::vector<BlockTable> tables(8);
  std::vector<BlockTable> freed(8);  // each slot's last freed table, to reclaim from
  for (int step = 0; step < 4000; ++step) {
    const size_t slot = rng() % tables.size();
    BlockTable& t = tables[slot];
    if (t.empty() && caching && !freed[slot].empty() && rng() % 2 == 0) {
      const int32_t hits = kv.CachedPrefix(freed[slot], slot + 1, 64);
      kv.Reclaim(&t, freed[slot], hits);
      ref.Reclaim(freed[slot], hits);
    } else if (rng() % 3 != 0) {
      const int32_t n = static_cast<int32_t>(rng() % 6);
      if (!kv.HasFree(n)) continue;
      const size_t before = t.size();
      kv.Allocate(&t, n);
      for (size_t i = before; i < t.size(); ++i) ASSERT_EQ(t[i], ref.Pop()) << "step " << step;
    } else {
      const int64_t tokens = static_cast<int64_t>(rng() % (t.size() * kBlockSize + 1));
      freed[slot] = t;
      ref.Free(t, slot + 1, tokens, kBlockSize);
      kv.Free(&t, slot + 1, tokens);
    }
  }
  kv.CheckConservation();
}

TEST(KvCacheTest, LazyBlocksHandOutTheSameIdsAsAFullStack) { ExpectSameIdsAsReference(false); }

TEST(PrefixCachingKvCacheTest, LazyBlocksHandOutTheSameIdsAsAFullQueue) {
  ExpectSameIdsAsReference(true);
}

// A replica that starts again is a cold start: A's three cached blocks (0, 1, 2, 12 tokens) and
// the stack/queue order they left behind are gone, so the next table is 0 1 2 as in a new cache
// (before: 3, the fresh range comes before the back list that holds A's content).
TEST(PrefixCachingKvCacheTest, ForgettingCachedContentsIsAColdStart) {
  for (const bool caching : {true, false}) {
    KvCache kv(
        KvCacheConfig{.num_blocks = 6, .block_size = 4, .watermark = 0, .prefix_caching = caching});
    BlockTable a;
    kv.Allocate(&a, 3);
    kv.Free(&a, /*owner=*/7, /*num_tokens=*/12);
    const BlockTable chain = {0, 1, 2};
    EXPECT_EQ(kv.CachedPrefix(chain, 7, 3), caching ? 3 : 0);
    kv.ForgetCachedContents();
    EXPECT_EQ(kv.CachedPrefix(chain, 7, 3), 0);
    EXPECT_EQ(kv.num_free(), 6);
    EXPECT_EQ(kv.num_used(), 0);
    BlockTable b;
    kv.Allocate(&b, 3);
    EXPECT_EQ(b, (BlockTable{0, 1, 2}));
    kv.CheckConservation();
    // Never while a block is in use.
    EXPECT_THROW(kv.ForgetCachedContents(), InternalError);
    kv.Free(&b);
    kv.ForgetCachedContents();
    kv.CheckConservation();
  }
}

TEST(PrefixCachingKvCacheTest, CachedPrefixOfANeverUsedBlockIsZero) {
  KvCache kv = CachingCache(8);
  BlockTable a;
  kv.Allocate(&a, 1);  // only block 0 was ever touched
  EXPECT_EQ(kv.CachedPrefix(BlockTable{5, 6}, 1, 2), 0);
}

TEST(IndexDequeTest, PushesAtBothEndsAcrossGrowth) {
  detail::IndexDeque q;
  for (int32_t i = 0; i < 20; ++i) q.push_back(i);
  for (int32_t i = 0; i < 10; ++i) EXPECT_EQ(q.pop_front(), i);
  for (int32_t i = 0; i < 30; ++i) q.push_front(-i - 1);
  ASSERT_EQ(q.size(), 40u);
  EXPECT_EQ(q.front(), -30);
  for (int32_t i = 30; i >= 1; --i) EXPECT_EQ(q.pop_front(), -i);
  for (int32_t i = 10; i < 20; ++i) EXPECT_EQ(q.pop_front(), i);
  EXPECT_TRUE(q.empty());
}

TEST(RequestPoolTest, ReusesSlotsAndCatchesDoubleRelease) {
  RequestPool pool;
  const RequestSlot a = pool.Acquire({.id = 1, .prompt_tokens = 5, .output_tokens = 2}, 0);
  const RequestSlot b = pool.Acquire({.id = 2, .prompt_tokens = 5, .output_tokens = 2}, 0);
  EXPECT_EQ(pool.in_use(), 2);
  pool.Release(a);
  const RequestSlot c = pool.Acquire({.id = 3, .prompt_tokens = 7, .output_tokens = 1}, 3);
  EXPECT_EQ(c, a);
  EXPECT_EQ(pool[c].record.id, 3u);
  EXPECT_EQ(pool[c].record.replica, 3);
  EXPECT_EQ(pool[c].num_tokens(), 7);
  EXPECT_EQ(pool.capacity(), 2u);
  pool.Release(b);
  EXPECT_THROW(pool.Release(b), InternalError);
}

}  // namespace
}  // namespace gpuplan
