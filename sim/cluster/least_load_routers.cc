// Load-aware routers. Both scan every replica (O(replicas) per request) and keep the first
// minimum, so ties go to the lowest index.
#include "sim/cluster/router.h"
#include "sim/core/error.h"

namespace gpuplan {
namespace {

class LeastOutstandingRouter final : public Router {
 public:
  std::string_view name() const override { return "least_outstanding_requests"; }

  int32_t Route(const RoutedRequest&, std::span<const Replica* const> replicas) override {
    GPUPLAN_CHECK(!replicas.empty(), "routing with no replicas");
    size_t best = 0;
    for (size_t i = 1; i < replicas.size(); ++i) {
      if (replicas[i]->num_outstanding() < replicas[best]->num_outstanding()) best = i;
    }
    return static_cast<int32_t>(best);
  }
};

class LeastKvUsageRouter final : public Router {
 public:
  std::string_view name() const override { return "least_kv_usage"; }

  int32_t Route(const RoutedRequest&, std::span<const Replica* const> replicas) override {
    GPUPLAN_CHECK(!replicas.empty(), "routing with no replicas");
    size_t best = 0;
    for (size_t i = 1; i < replicas.size(); ++i) {
      if (LessUsed(replicas[i]->kv(), replicas[best]->kv())) best = i;
    }
    return static_cast<int32_t>(best);
  }

 private:
  // used_a / total_a < used_b / total_b, compared exactly in integers (replicas may differ in
  // size, and float ratios could break ties inconsistently).
  static bool LessUsed(const KvCache& a, const KvCache& b) {
    return int64_t{a.num_used()} * b.num_blocks() < int64_t{b.num_used()} * a.num_blocks();
  }
};

}  // namespace

std::unique_ptr<Router> MakeLeastOutstandingRouter() {
  return std::make_unique<LeastOutstandingRouter>();
}
std::unique_ptr<Router> MakeLeastKvUsageRouter() { return std::make_unique<LeastKvUsageRouter>(); }

}  // namespace gpuplan
