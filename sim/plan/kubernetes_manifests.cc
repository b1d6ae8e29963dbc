#include "sim/plan/kubernetes_manifests.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "sim/core/error.h"
#include "sim/core/plural.h"
#include "sim/plan/derivation.h"

namespace gpuplan {
namespace {

constexpr size_t kCommentWidth = 100;
constexpr size_t kMaxNameLength = 63;  // an RFC 1035 label
// Where trtllm-serve's options file is mounted in a pod.
constexpr std::string_view kOptionsDir = "/etc/gpuplan";
constexpr std::string_view kOptionsFile = "extra_llm_api_options.yaml";

// What a pod of each engine needs beyond the one-node launch command, and where the engine
// reports the numbers an autoscaler can scale on (vllm/v1/metrics/loggers.py,
// python/sglang/srt/metrics/collector.py, trtllm-serve's /metrics iteration statistics).
struct EngineFacts {
  std::string image;  // repository; the tag comes from the preset's version
  std::string tag_prefix;
  std::vector<std::string> pod_args;  // appended to the launch command in a pod
  std::string pod_args_why;
  bool prometheus = true;  // /metrics in Prometheus text format
  std::string running;     // requests running in the batch
  std::string waiting;     // requests queued for it
  std::string kv;          // KV cache in use, a fraction
};

EngineFacts FactsOf(const std::string& engine) {
  if (engine == "sglang") {
    return {"lmsysorg/sglang",
            "v",
            {"--host", "0.0.0.0", "--enable-metrics"},
            "SGLang listens on 127.0.0.1 and serves no metrics unless told",
            true,
            "sglang:num_running_reqs",
            "sglang:num_queue_reqs",
            "sglang:token_usage"};
  }
  if (engine == "trtllm") {
    return {"nvcr.io/nvidia/tensorrt-llm/release",
            "",
            {"--host", "0.0.0.0"},
            "trtllm-serve listens on localhost unless told",
            false,
            "numActiveRequests",
            "numQueuedRequests",
            "kvCacheStats.usedNumBlocks / kvCacheStats.maxNumBlocks"};
  }
  // vLLM listens on every interface and serves /metrics by default.
  return {"vllm/vllm-openai",
          "v",
          {},
          "",
          true,
          "vllm:num_requests_running",
          "vllm:num_requests_waiting",
          "vllm:kv_cache_usage_perc"};
}

// "0.11.0": a release a registry tag can name; "0.5.x (Oct 2025)" is not.
bool IsReleaseVersion(std::string_view v) {
  int dots = 0;
  for (char ch : v) {
    if (ch == '.') {
      ++dots;
    } else if (ch < '0' || ch > '9') {
      return false;
    }
  }
  return dots == 2 && !v.empty() && v.front() != '.' && v.back() != '.';
}

std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

// `text` as YAML comment lines of at most kCommentWidth columns, `indent` spaces in.
void Comment(std::string& out, std::string_view text, int indent = 0) {
  const std::string lead = std::string(static_cast<size_t>(indent), ' ') + "# ";
  std::string line;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find(' ', begin);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(begin, end - begin);
    begin = end + 1;
    if (word.empty()) continue;
    if (!line.empty() && lead.size() + line.size() + 1 + word.size() > kCommentWidth) {
      out += lead + line + "\n";
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
  }
  if (!line.empty()) out += lead + line + "\n";
}

// A Kubernetes quantity with at most 3 decimals (milli-units), never 0 (an HPA target must be
// positive): 17.619968 -> "17.62".
std::string Quantity(double value) {
  std::string text = fmt::format("{:.3f}", std::max(value, 0.001));
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string Dollars(double usd) { return fmt::format("${}", FormatNumber(usd, 0)); }

std::string Replicas(int n) { return Counted(n, "replica"); }

std::string Labels(const std::string& name, int indent) {
  const std::string pad(static_cast<size_t>(indent), ' ');
  return pad + "labels:\n" + pad + "  app.kubernetes.io/name: " + name + "\n" + pad +
         "  app.kubernetes.io/component: inference-server\n";
}

struct Context {
  const PlanSpec& plan;
  const PlanResult& result;
  const Recommendation& rec;
  const Candidate& candidate;
  const Scenario& scenario;
  std::string name;
  EngineFacts engine;
  HpaSettings hpa;

  int GpusPerPod() const { return scenario.deployment.GpusPerReplica(); }
  bool Trtllm() const { return scenario.engine.name == "trtllm"; }
  std::string OptionsName() const { return name + "-engine-options"; }
  double UsdPerReplicaMonth() const { return rec.cost.usd_per_month / rec.replicas; }
};

// The one-node launch command with what a pod adds; trtllm-serve reads its options file where
// the ConfigMap is mounted.
std::vector<std::string> PodCommand(const Context& x) {
  std::vector<std::string> args = x.result.deployment->serve_args;
  for (std::string& arg : args) {
    if (x.Trtllm() && arg == kOptionsFile) arg = fmt::format("{}/{}", kOptionsDir, kOptionsFile);
  }
  args.insert(args.end(), x.engine.pod_args.begin(), x.engine.pod_args.end());
  return args;
}

std::string ImageOf(const Context& x) {
  const std::string& version = x.scenario.engine.version;
  const std::string tag = IsReleaseVersion(version) ? x.engine.tag_prefix + version : "latest";
  return x.engine.image + ":" + tag;
}

void DeploymentHeader(std::string& out, const Context& x) {
  const int gpus = x.GpusPerPod();
  Comment(out,
          fmt::format("Deployment of the fleet gpuplan plan recommends for '{}': {} of {} "
                      "({}), one pod per replica with {} GPU{}, running the launch command "
                      "of the plan's deployment section{}.",
                      x.plan.name, Replicas(x.rec.replicas), x.candidate.label,
                      x.scenario.gpu.display_name, gpus, gpus == 1 ? "" : "s",
                      x.engine.pod_args.empty()
                          ? ""
                          : fmt::format(" with {} added ({})", fmt::join(x.engine.pod_args, " "),
                                        x.engine.pod_args_why)));
  Comment(out, "Apply it with the other files of this folder: kubectl apply -f deployment/");
  if (gpus > x.scenario.deployment.gpus_per_node) {
    Comment(out, fmt::format("A replica needs {} GPUs but a node of this plan has {}: one pod "
                             "can not hold it. Deploy each replica across nodes (for example "
                             "with a LeaderWorkerSet and the engine's multi-node launch); this "
                             "Deployment is the single-node form.",
                             gpus, x.scenario.deployment.gpus_per_node));
  }
}

std::string DeploymentYaml(const Context& x) {
  std::string out;
  DeploymentHeader(out, x);
  out += "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + x.name + "\n";
  out += Labels(x.name, 2);
  out += "spec:\n";
  Comment(out, "The replica count the plan sized for the peak; hpa.yaml adds replicas above it.",
          2);
  out += fmt::format("  replicas: {}\n", x.rec.replicas);
  Comment(out,
          "A rollout starts a new pod before it stops an old one, so the fleet never drops below "
          "the count the peak needs (the cluster needs one more replica's GPUs free for it).",
          2);
  out +=
      "  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 1\n"
      "      maxUnavailable: 0\n";
  out += "  selector:\n    matchLabels:\n      app.kubernetes.io/name: " + x.name + "\n";
  out += "  template:\n    metadata:\n" + Labels(x.name, 6);
  if (x.engine.prometheus) {
    out += fmt::format(
        "      annotations:\n        prometheus.io/scrape: \"true\"\n"
        "        prometheus.io/port: \"{}\"\n        prometheus.io/path: /metrics\n",
        kServePort);
  }
  out += "    spec:\n";
  Comment(out,
          fmt::format("The plan sized the fleet for {} GPUs: schedule the pods only on nodes that "
                      "have them, for example with the product label of NVIDIA's GPU feature "
                      "discovery:",
                      x.scenario.gpu.display_name),
          6);
  out += "      # nodeSelector:\n";
  out += fmt::format("      #   nvidia.com/gpu.product: <the product name of {}>\n",
                     x.scenario.gpu.display_name);
  out += "      containers:\n        - name: engine\n";
  Comment(out,
          fmt::format("gpuplan's engine preset models {} {}; pin the image tag your cluster has "
                      "tested.",
                      x.scenario.engine.name, x.scenario.engine.version),
          10);
  out += "          image: " + ImageOf(x) + "\n          command:\n";
  for (const std::string& arg : PodCommand(x)) out += "            - " + Quote(arg) + "\n";
  out += fmt::format(
      "          ports:\n            - name: http\n              containerPort: {}\n", kServePort);
  out += "          env:\n";
  Comment(out,
          "A gated model downloads only with a Hugging Face token: kubectl create secret generic "
          "hf-token --from-literal=token=<token>. Each pod downloads the weights as it starts; "
          "mount a volume at /root/.cache/huggingface to keep them.",
          12);
  out +=
      "            - name: HF_TOKEN\n              valueFrom:\n                secretKeyRef:\n"
      "                  name: hf-token\n                  key: token\n"
      "                  optional: true\n";
  out += fmt::format(
      "          resources:\n            requests:\n              nvidia.com/gpu: {0}\n"
      "            limits:\n              nvidia.com/gpu: {0}\n",
      x.GpusPerPod());
  Comment(out,
          "Ready once the engine's /health answers, after the weights are loaded; until then the "
          "Service sends the pod nothing. No liveness probe: loading takes minutes, and a probe "
          "that fires during it would restart the pod again and again.",
          10);
  out +=
      "          readinessProbe:\n            httpGet:\n              path: /health\n"
      "              port: http\n            periodSeconds: 10\n            failureThreshold: 3\n";
  out += "          volumeMounts:\n            - name: dshm\n              mountPath: /dev/shm\n";
  if (x.Trtllm()) {
    out += fmt::format(
        "            - name: engine-options\n              mountPath: {}\n"
        "              readOnly: true\n",
        kOptionsDir);
  }
  out += "      volumes:\n";
  Comment(out,
          "Shared memory for the engine's worker processes (NCCL between the GPUs of a replica).",
          8);
  out += "        - name: dshm\n          emptyDir:\n            medium: Memory\n";
  if (x.Trtllm()) {
    out += "        - name: engine-options\n          configMap:\n            name: " +
           x.OptionsName() + "\n";
  }
  return out;
}

std::string ServiceYaml(const Context& x) {
  std::string out;
  Comment(out, fmt::format("Service in front of the fleet's pods: the engine's OpenAI-compatible "
                           "API on port {0}, http://{1}:{0}/v1 inside the cluster.",
                           kServePort, x.name));
  Comment(out, fmt::format("The plan simulated the router '{}'. A Service spreads connections "
                           "over the ready pods without looking at their load, and a client that "
                           "keeps its connection open stays on one pod; put a load-aware gateway "
                           "in front when the router matters to the SLO.",
                           x.scenario.router.kind));
  out += "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + x.name + "\n";
  out += Labels(x.name, 2);
  out += "spec:\n  type: ClusterIP\n  selector:\n    app.kubernetes.io/name: " + x.name + "\n";
  out += fmt::format("  ports:\n    - name: http\n      port: {}\n      targetPort: http\n",
                     kServePort);
  return out;
}

std::string ConfigMapYaml(const Context& x) {
  std::string out;
  Comment(out, fmt::format("trtllm-serve's {} from the plan's deployment section, mounted at {} "
                           "in every pod, with enable_iter_perf_stats on: its /metrics "
                           "statistics are what the autoscaler's metric is read from.",
                           kOptionsFile, kOptionsDir));
  out += "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + x.OptionsName() + "\n";
  out += Labels(x.name, 2);
  out += fmt::format("data:\n  {}: |\n", kOptionsFile);
  std::string options = x.result.deployment->engine_config;
  options +=
      "# trtllm-serve's /metrics iteration statistics, which the autoscaler's metric comes from\n"
      "enable_iter_perf_stats: true\n";
  size_t begin = 0;
  while (begin < options.size()) {
    size_t end = options.find('\n', begin);
    if (end == std::string::npos) end = options.size();
    out += "    " + options.substr(begin, end - begin) + "\n";
    begin = end + 1;
  }
  return out;
}

// How a metrics adapter computes the HPA's metric per pod from what the engine reports.
std::string AdapterSource(const Context& x) {
  const HpaSettings& h = x.hpa;
  if (h.metric == AutoscalerMetric::kGpuUtilization) {
    return "avg by (namespace, pod) (DCGM_FI_DEV_GPU_UTIL) / 100   (NVIDIA's dcgm-exporter, with "
           "its pod labels on)";
  }
  if (!x.engine.prometheus) {
    const std::string what = h.metric == AutoscalerMetric::kQueueLength
                                 ? x.engine.running + " + " + x.engine.waiting
                                 : x.engine.kv;
    return what +
           " of the newest entry of trtllm-serve's /metrics (JSON iteration statistics, not "
           "Prometheus text: an exporter must turn them into a per-pod metric)";
  }
  if (h.metric == AutoscalerMetric::kQueueLength) {
    return fmt::format("sum by (namespace, pod) ({}) + sum by (namespace, pod) ({})",
                       x.engine.running, x.engine.waiting);
  }
  return fmt::format("max by (namespace, pod) ({})", x.engine.kv);
}

std::string MetricWords(AutoscalerMetric metric) {
  switch (metric) {
    case AutoscalerMetric::kQueueLength:
      return "requests in flight per pod (running + waiting), the plan's queue_length";
    case AutoscalerMetric::kKvCacheUtilization:
      return "the share of the KV cache in use per pod, the plan's kv_cache_utilization";
    case AutoscalerMetric::kGpuUtilization:
      return "the share of time the pod's GPUs are busy, the plan's gpu_utilization";
  }
  return "?";
}

void HpaComments(std::string& out, const Context& x) {
  const HpaSettings& h = x.hpa;
  Comment(out, "HorizontalPodAutoscaler for the Deployment of deployment.yaml.");
  Comment(out, fmt::format("Metric: {}. Target {} per pod: {}.", MetricWords(h.metric),
                           Quantity(h.target), h.target_basis));
  Comment(out, fmt::format("It needs a metrics adapter (prometheus-adapter, KEDA, ...) that serves "
                           "the custom metric {} for each pod from the engine's own metrics; "
                           "without one the autoscaler reports FailedGetPodsMetric and never "
                           "scales. The metric per pod:",
                           h.metric_name));
  out += "#   " + AdapterSource(x) + "\n";
  Comment(out, fmt::format("minReplicas {}: the fleet the plan sized for the peak. maxReplicas {}: "
                           "{}.",
                           h.min_replicas, h.max_replicas, h.max_basis));
  const double per_replica = x.UsdPerReplicaMonth();
  Comment(out, fmt::format("At the plan's price: {}/month at minReplicas, {}/month at maxReplicas.",
                           Dollars(per_replica * h.min_replicas),
                           Dollars(per_replica * h.max_replicas)));
  if (const std::optional<double> cap = x.plan.constraints.max_monthly_cost;
      cap && per_replica * h.max_replicas > *cap) {
    const int affordable = static_cast<int>(std::floor(*cap / per_replica));
    Comment(out, fmt::format("maxReplicas costs more than the plan's cost cap of {}/month: {} "
                             "stay under it.",
                             Dollars(*cap), Replicas(affordable)));
  }
  const DaySimulation& day = x.result.day;
  int low = x.rec.replicas;
  for (const DayWindow& w : day.windows) low = std::min(low, w.replicas);
  if (day.ran && low < x.rec.replicas) {
    Comment(out, fmt::format("The plan's day with an autoscaler went down to {} off-peak ({} "
                             "GPU-hours a day instead of {}). minReplicas stays at the peak fleet "
                             "here; lower it to {} to scale down as that day did, at the cost of "
                             "the scale-up delay when traffic returns.",
                             Replicas(low), FormatNumber(day.autoscaled.gpu_hours, 1),
                             FormatNumber(day.fixed.gpu_hours, 1), low));
  }
}

std::string HpaYaml(const Context& x) {
  const HpaSettings& h = x.hpa;
  std::string out;
  HpaComments(out, x);
  out += "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: " + x.name +
         "\n";
  out += Labels(x.name, 2);
  out += "spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: " +
         x.name + "\n";
  out += fmt::format("  minReplicas: {}\n  maxReplicas: {}\n", h.min_replicas, h.max_replicas);
  out += fmt::format(
      "  metrics:\n    - type: Pods\n      pods:\n        metric:\n          name: {}\n"
      "        target:\n          type: AverageValue\n          averageValue: {}\n",
      h.metric_name, Quote(Quantity(h.target)));
  out += fmt::format("  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: {}\n",
                     static_cast<int64_t>(std::lround(h.scale_down_window_s)));
  return out;
}

std::string MetricName(AutoscalerMetric metric) {
  switch (metric) {
    case AutoscalerMetric::kQueueLength:
      return "requests_in_flight";
    case AutoscalerMetric::kKvCacheUtilization:
      return "kv_cache_usage";
    case AutoscalerMetric::kGpuUtilization:
      return "gpu_utilization";
  }
  return "?";
}

// The target when the plan gives no number: what the recommended fleet showed at peak.
void TargetFromPeak(const PlanResult& result, HpaSettings& h) {
  const Recommendation& rec = *result.recommendation;
  const ProbeResult& probe = rec.probe;
  switch (h.metric) {
    case AutoscalerMetric::kKvCacheUtilization:
      h.target = probe.kv_used_fraction;
      h.target_basis =
          "the mean KV cache share the recommended fleet used at peak "
          "(plan.json recommendation.probe.kv_used_fraction)";
      return;
    case AutoscalerMetric::kGpuUtilization:
      h.target = probe.gpu_busy_fraction;
      h.target_basis =
          "the mean GPU busy share of the recommended fleet at peak "
          "(plan.json recommendation.probe.gpu_busy_fraction)";
      return;
    case AutoscalerMetric::kQueueLength:
      break;
  }
  if (probe.requests_per_replica > 0) {
    h.target = probe.requests_per_replica;
    h.target_basis =
        "the mean requests in flight per replica the recommended fleet showed at peak (plan.json "
        "recommendation.probe.requests_per_replica), so the fleet holds at the peak and grows "
        "only above it";
  } else if (result.traffic.concurrency_in_flight > 0) {
    h.target = result.traffic.concurrency_in_flight / rec.replicas;
    h.target_basis =
        fmt::format("the requests in flight at peak (Little's law, {}) over {}",
                    FormatNumber(result.traffic.concurrency_in_flight), Replicas(rec.replicas));
  } else {
    const Scenario& s = result.candidates.all[rec.candidate].scenario;
    h.target = s.engine.max_num_seqs;
    h.target_basis = "the engine's max_num_seqs: a replica with more requests queues them";
  }
}

}  // namespace

std::string KubernetesName(std::string_view plan_name) {
  std::string name;
  for (char ch : plan_name) {
    const char lower = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
      name += lower;
    } else if (!name.empty() && name.back() != '-') {
      name += '-';
    }
  }
  if (!name.empty() && (name.front() < 'a' || name.front() > 'z')) name = "gpuplan-" + name;
  if (name.size() > kMaxNameLength) name.resize(kMaxNameLength);
  while (!name.empty() && name.back() == '-') name.pop_back();
  return name.empty() ? "gpuplan" : name;
}

HpaSettings HpaSettingsFor(const PlanSpec& plan, const PlanResult& result) {
  if (!result.recommendation) throw InternalError("HpaSettingsFor needs a recommendation");
  const Recommendation& rec = *result.recommendation;
  HpaSettings h;
  h.min_replicas = rec.replicas;
  const std::optional<NPlusOneCheck>& n1 = result.n_plus_one;
  if (n1 && n1->n_plus_one_replicas > rec.replicas) {
    h.max_replicas = n1->n_plus_one_replicas;
    h.max_basis = fmt::format(
        "the N+1 fleet, {}: one more replica than the peak needs, so the autoscaler can "
        "replace a lost one",
        Replicas(n1->n_plus_one_replicas));
  } else {
    h.max_replicas = 2 * rec.replicas;
    h.max_basis = n1 ? (rec.replicas == 1 ? "twice the fleet (a single replica)"
                                          : "twice the fleet (it already survives the loss of "
                                            "a replica, so N+1 adds none)")
                     : "twice the fleet (the plan made no N+1 check)";
  }
  if (plan.autoscaler) {
    const PlanAutoscalerSpec& a = *plan.autoscaler;
    h.metric = a.metric;
    h.scale_down_window_s = a.scale_down_delay_s;
    if (a.target) {
      h.target = *a.target;
      h.target_basis = "the plan's autoscaler.target";
    } else if (result.day.ran) {
      h.target = result.day.target;
      h.target_basis =
          "autoscaler.target: auto, what the fixed fleet showed at the peak hour of the plan's "
          "day (plan.json autoscaler.target)";
    } else {
      TargetFromPeak(result, h);
      h.target_basis = "autoscaler.target: auto without a day shape, so " + h.target_basis;
    }
  } else {
    TargetFromPeak(result, h);
  }
  h.metric_name = MetricName(h.metric);
  return h;
}

std::vector<ManifestFile> KubernetesManifests(const PlanSpec& plan, const PlanResult& result) {
  if (!result.recommendation || !result.deployment) return {};
  const Recommendation& rec = *result.recommendation;
  const Candidate& candidate = result.candidates.all[rec.candidate];
  const Context x{.plan = plan,
                  .result = result,
                  .rec = rec,
                  .candidate = candidate,
                  .scenario = candidate.scenario,
                  .name = KubernetesName(plan.name),
                  .engine = FactsOf(candidate.scenario.engine.name),
                  .hpa = HpaSettingsFor(plan, result)};
  std::vector<ManifestFile> files;
  if (x.Trtllm()) files.push_back({"configmap.yaml", ConfigMapYaml(x)});
  files.push_back({"deployment.yaml", DeploymentYaml(x)});
  files.push_back({"service.yaml", ServiceYaml(x)});
  files.push_back({"hpa.yaml", HpaYaml(x)});
  return files;
}

}  // namespace gpuplan
