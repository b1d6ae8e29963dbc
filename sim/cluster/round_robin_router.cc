#include "sim/cluster/router.h"
#include "sim/core/error.h"

namespace gpuplan {
namespace {

// Replicas in turn, starting at replica 0.
class RoundRobinRouter final : public Router {
 public:
  std::string_view name() const override { return "round_robin"; }

  int32_t Route(const RoutedRequest&, std::span<const Replica* const> replicas) override {
    GPUPLAN_CHECK(!replicas.empty(), "routing with no replicas");
    if (next_ >= replicas.size()) next_ = 0;
    return static_cast<int32_t>(next_++);
  }

 private:
  size_t next_ = 0;
};

}  // namespace

std::unique_ptr<Router> MakeRoundRobinRouter() { return std::make_unique<RoundRobinRouter>(); }

}  // namespace gpuplan
