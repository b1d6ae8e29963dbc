// Kubernetes manifests for the recommended fleet, which `gpuplan plan` writes to
// PLAN_DIR/deployment/ (`kubectl apply -f PLAN_DIR/deployment/`):
//   deployment.yaml  a Deployment of the recommended replica count, one pod per replica: the
//                    engine container runs the launch command of deployment_commands.h (plus what
//                    a pod needs: listening on every interface, the engine's metrics where they
//                    are off by default), requests nvidia.com/gpu = TP x PP, and is ready when the
//                    engine's /health answers;
//   service.yaml     a ClusterIP Service on the engine's port in front of the pods;
//   hpa.yaml         an autoscaling/v2 HorizontalPodAutoscaler on a Pods metric (HpaSettingsFor);
//   configmap.yaml   TensorRT-LLM only: its extra_llm_api_options.yaml, mounted into the pods.
// The text is a function of the plan result alone (no clock, fixed key order), so a plan gives
// the same bytes at any thread count. Comments in each file say what it assumes and what the
// operator must supply (the node pool, a Hugging Face token, a metrics adapter).
#pragma once

#include <string>
#include <vector>

#include "sim/config/plan_spec.h"
#include "sim/plan/planner.h"

namespace gpuplan {

struct ManifestFile {
  std::string name;  // "deployment.yaml", relative to PLAN_DIR/deployment/
  std::string text;
};

// What the HorizontalPodAutoscaler is given, and why.
//   - min: the recommended count, the fleet sized for the peak.
//   - max: the N+1 fleet when the plan's N+1 check needs more replicas than the recommendation
//     (the autoscaler can then add the replica that covers a lost one), else twice the
//     recommendation (a single replica, a fleet that already survives a loss, no N+1 check).
//   - metric and target: the plan's autoscaler section when it has one (its target, or with
//     `target: auto` what the fixed fleet showed at the day's peak hour; without a day shape,
//     what the recommended probe showed at peak). Without the section: requests in flight per
//     replica (running + waiting, the autoscaler's queue_length), with the mean the recommended
//     fleet showed at peak as the target, so the autoscaler holds the fleet at the peak and adds
//     replicas only above it (falling back to Little's law, then the engine's max_num_seqs, when
//     the probe recorded none).
struct HpaSettings {
  int min_replicas = 1;
  int max_replicas = 2;
  std::string max_basis;  // why that maximum, in words
  AutoscalerMetric metric = AutoscalerMetric::kQueueLength;
  std::string metric_name;  // the custom metric a metrics adapter serves per pod
  double target = 0;        // per pod (the HPA's averageValue)
  std::string target_basis;
  double scale_down_window_s = 300;  // the section's scale_down_delay_s, else HPA's default
};

// Needs a recommendation (throws InternalError without one).
HpaSettings HpaSettingsFor(const PlanSpec& plan, const PlanResult& result);

// The files of PLAN_DIR/deployment/, in apply order; empty when nothing is recommended.
std::vector<ManifestFile> KubernetesManifests(const PlanSpec& plan, const PlanResult& result);

// The plan's name as a Kubernetes object name (an RFC 1035 label: lower-case letters, digits and
// '-', starting with a letter, at most 63 characters): "Japan Chatbot_v2" -> "japan-chatbot-v2".
std::string KubernetesName(std::string_view plan_name);

}  // namespace gpuplan
