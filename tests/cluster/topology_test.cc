#include "sim/cluster/topology.h"

#include <gtest/gtest.h>

#include "sim/core/error.h"

namespace gpuplan {
namespace {

const TopologyConfig k8{.gpus_per_node = 8, .intra_node_gbps = 450, .inter_node_gbps = 50};

std::vector<int32_t> Range(int32_t from, int32_t to) {
  std::vector<int32_t> v;
  for (int32_t i = from; i < to; ++i) v.push_back(i);
  return v;
}

TEST(TopologyTest, PacksTpGroupsContiguouslyInsideNodes) {
  Topology t(k8, 3, 4, 1);
  EXPECT_EQ(t.num_nodes(), 2);
  EXPECT_EQ(t.num_gpus_used(), 12);
  EXPECT_EQ(t.placement(0).gpus, Range(0, 4));
  EXPECT_EQ(t.placement(1).gpus, Range(4, 8));
  EXPECT_EQ(t.placement(2).gpus, Range(8, 12));
  for (const ReplicaPlacement& p : t.placements()) {
    EXPECT_FALSE(p.tp_crosses_nodes);
    EXPECT_DOUBLE_EQ(p.tp_bottleneck_gbps, 450);
    EXPECT_DOUBLE_EQ(p.pp_bottleneck_gbps, 0);
  }
}

TEST(TopologyTest, NeverSplitsAGroupThatFitsInANode) {
  Topology t(k8, 3, 3, 1);  // 3 + 3 fit in node 0; the third group moves to node 1
  EXPECT_EQ(t.placement(1).gpus, Range(3, 6));
  EXPECT_EQ(t.placement(2).gpus, Range(8, 11));
  EXPECT_EQ(t.placement(2).first_node, 1);
  EXPECT_FALSE(t.placement(2).tp_crosses_nodes);
  EXPECT_EQ(t.num_nodes(), 2);
  EXPECT_EQ(t.num_gpus(), 16);
  EXPECT_EQ(t.num_gpus_used(), 9);
}

TEST(TopologyTest, TpLargerThanANodeCrossesAndIsBoundByTheNetwork) {
  Topology t(k8, 2, 16, 1);
  EXPECT_EQ(t.placement(0).gpus, Range(0, 16));
  EXPECT_TRUE(t.placement(0).tp_crosses_nodes);
  EXPECT_DOUBLE_EQ(t.placement(0).tp_bottleneck_gbps, 50);
  EXPECT_EQ(t.placement(0).last_node, 1);
  EXPECT_EQ(t.placement(1).first_node, 2);
  EXPECT_EQ(t.num_nodes(), 4);
}

TEST(TopologyTest, PipelineStagesAcrossNodesUseTheNetwork) {
  const TopologyConfig k4{.gpus_per_node = 4, .intra_node_gbps = 300, .inter_node_gbps = 25};
  Topology inside(k4, 1, 2, 2);  // stages [0,1] [2,3]: one node
  EXPECT_DOUBLE_EQ(inside.placement(0).pp_bottleneck_gbps, 300);
  Topology across(k4, 2, 2, 3);  // r0: [0,1] [2,3] [4,5]; r1: [6,7] [8,9] [10,11]
  EXPECT_EQ(across.placement(1).gpus, Range(6, 12));
  EXPECT_FALSE(across.placement(0).tp_crosses_nodes);
  EXPECT_DOUBLE_EQ(across.placement(0).tp_bottleneck_gbps, 300);
  EXPECT_DOUBLE_EQ(across.placement(0).pp_bottleneck_gbps, 25);
  EXPECT_EQ(across.num_nodes(), 3);
}

TEST(TopologyTest, GroupBottleneckIsTheWidestPathsSlowestLink) {
  Topology t(k8, 4, 8, 1);
  EXPECT_DOUBLE_EQ(t.GroupBottleneckGbps({0, 7}), 450);
  EXPECT_DOUBLE_EQ(t.GroupBottleneckGbps({3}), 450);
  EXPECT_DOUBLE_EQ(t.GroupBottleneckGbps({0, 1, 9}), 50);
  EXPECT_DOUBLE_EQ(t.GroupBottleneckGbps({31, 0}), 50);
}

TEST(TopologyTest, RejectsBadInput) {
  EXPECT_THROW(Topology(k8, 0, 1, 1), ConfigError);
  EXPECT_THROW(Topology(TopologyConfig{.gpus_per_node = 0}, 1, 1, 1), ConfigError);
  EXPECT_THROW(Topology(TopologyConfig{.inter_node_gbps = 0}, 1, 1, 1), ConfigError);
}

}  // namespace
}  // namespace gpuplan
