// IndexDeque: a growable ring buffer of small integers (request slots) with push/pop at both
// ends. The waiting queue needs push_front (vLLM puts preempted requests back at the front) and
// must not allocate per operation in steady state, which std::deque does not promise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/error.h"

namespace gpuplan::detail {

class IndexDeque {
 public:
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }

  int32_t front() const {
    GPUPLAN_CHECK(size_ > 0, "front() on an empty queue");
    return buf_[head_];
  }
  int32_t operator[](size_t i) const { return buf_[(head_ + i) & mask()]; }

  void push_back(int32_t v) {
    if (size_ == buf_.size()) Grow();
    buf_[(head_ + size_) & mask()] = v;
    ++size_;
  }
  void push_front(int32_t v) {
    if (size_ == buf_.size()) Grow();
    head_ = (head_ + buf_.size() - 1) & mask();
    buf_[head_] = v;
    ++size_;
  }
  int32_t pop_front() {
    const int32_t v = front();
    head_ = (head_ + 1) & mask();
    --size_;
    return v;
  }

 private:
  size_t mask() const { return buf_.size() - 1; }
  // Doubles the capacity (kept a power of two) and unrolls the ring to start at 0.
  void Grow() {
    std::vector<int32_t> bigger(buf_.empty() ? 16 : buf_.size() * 2);
    for (size_t i = 0; i < size_; ++i) bigger[i] = (*this)[i];
    buf_.swap(bigger);
    head_ = 0;
  }

  std::vector<int32_t> buf_;
  size_t head_ = 0;
  size_t size_ = 0;
};

}  // namespace gpuplan::detail
