// The Kubernetes manifests of a recommendation, by hand. In the fixed world of plan_test_util.h
// the SLO needs exactly 5 replicas of one H100 (TP 1, vLLM) at 430 req/s; with one replica down 4
// replicas serve 400 req/s and fall behind, so the N+1 fleet is 6 replicas. A replica costs
// 1 GPU x $6.88/GPU-h x 730 h = $5,022.40 a month: $25,112 for 5, $30,134.40 for 6.
#include "sim/plan/kubernetes_manifests.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/plan/plan_test_util.h"

namespace gpuplan {
namespace {

using testing::FixedWorldPlan;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::PlanFromYaml;
using testing::SharedBuiltins;
using testing::ShippedCatalog;

struct Planned {
  PlanSpec plan;
  PlanResult result;
  std::map<std::string, std::string> files;  // name -> text
  std::vector<std::string> order;
};

Planned Plan(const std::string& yaml, int threads = 2) {
  Planned p{PlanFromYaml(yaml), {}, {}, {}};
  p.result = RunPlan(p.plan, ShippedCatalog(), SharedBuiltins(), {.threads = threads});
  for (const ManifestFile& f : KubernetesManifests(p.plan, p.result)) {
    p.files[f.name] = f.text;
    p.order.push_back(f.name);
  }
  return p;
}

// One run of the fixed world without an autoscaler section, shared by the tests.
const Planned& FixedWorld() {
  static const Planned planned = Plan(FixedWorldPlan());
  return planned;
}

TEST(KubernetesManifestsTest, FixedWorldDeploymentByHand) {
  const Planned& p = FixedWorld();
  ASSERT_TRUE(p.result.recommendation.has_value());
  ASSERT_EQ(p.result.recommendation->replicas, 5);
  EXPECT_THAT(p.order, ::testing::ElementsAre("deployment.yaml", "service.yaml", "hpa.yaml"));
  // The container runs the plan's own launch command word for word: vLLM listens on every
  // interface on port 8000 by default, so a pod adds nothing to it.
  EXPECT_EQ(p.result.deployment->serve,
            "vllm serve meta-llama/Llama-3.1-8B-Instruct \\\n"
            "    --max-num-seqs 1024 \\\n"
            "    --max-num-batched-tokens 8192 \\\n"
            "    --block-size 16 \\\n"
            "    --gpu-memory-utilization 0.9 \\\n"
            "    --enable-prefix-caching");
  EXPECT_EQ(
      p.files.at("deployment.yaml"),
      R"(# Deployment of the fleet gpuplan plan recommends for 'fixed-world': 5 replicas of h100_sxm x TP1
# vllm (NVIDIA H100 SXM5 80GB), one pod per replica with 1 GPU, running the launch command of the
# plan's deployment section.
# Apply it with the other files of this folder: kubectl apply -f deployment/
apiVersion: apps/v1
kind: Deployment
metadata:
  name: fixed-world
  labels:
    app.kubernetes.io/name: fixed-world
    app.kubernetes.io/component: inference-server
spec:
  # The replica count the plan sized for the peak; hpa.yaml adds replicas above it.
  replicas: 5
  # A rollout starts a new pod before it stops an old one, so the fleet never drops below the count
  # the peak needs (the cluster needs one more replica's GPUs free for it).
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      app.kubernetes.io/name: fixed-world
  template:
    metadata:
      labels:
        app.kubernetes.io/name: fixed-world
        app.kubernetes.io/component: inference-server
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "8000"
        prometheus.io/path: /metrics
    spec:
      # The plan sized the fleet for NVIDIA H100 SXM5 80GB GPUs: schedule the pods only on nodes
      # that have them, for example with the product label of NVIDIA's GPU feature discovery:
      # nodeSelector:
      #   nvidia.com/gpu.product: <the product name of NVIDIA H100 SXM5 80GB>
      containers:
        - name: engine
          # gpuplan's engine preset models vllm 0.11.0; pin the image tag your cluster has tested.
          image: vllm/vllm-openai:v0.11.0
          command:
            - "vllm"
            - "serve"
            - "meta-llama/Llama-3.1-8B-Instruct"
            - "--max-num-seqs"
            - "1024"
            - "--max-num-batched-tokens"
            - "8192"
            - "--block-size"
            - "16"
            - "--gpu-memory-utilization"
            - "0.9"
            - "--enable-prefix-caching"
          ports:
            - name: http
              containerPort: 8000
          env:
            # A gated model downloads only with a Hugging Face token: kubectl create secret generic
            # hf-token --from-literal=token=<token>. Each pod downloads the weights as it starts;
            # mount a volume at /root/.cache/huggingface to keep them.
            - name: HF_TOKEN
              valueFrom:
                secretKeyRef:
                  name: hf-token
                  key: token
                  optional: true
          resources:
            requests:
              nvidia.com/gpu: 1
            limits:
              nvidia.com/gpu: 1
          # Ready once the engine's /health answers, after the weights are loaded; until then the
          # Service sends the pod nothing. No liveness probe: loading takes minutes, and a probe
          # that fires during it would restart the pod again and again.
          readinessProbe:
            httpGet:
              path: /health
              port: http
            periodSeconds: 10
            failureThreshold: 3
          volumeMounts:
            - name: dshm
              mountPath: /dev/shm
      volumes:
        # Shared memory for the engine's worker processes (NCCL between the GPUs of a replica).
        - name: dshm
          emptyDir:
            medium: Memory
)");
}

TEST(KubernetesManifestsTest, FixedWorldServiceByHand) {
  EXPECT_EQ(
      FixedWorld().files.at("service.yaml"),
      R"(# Service in front of the fleet's pods: the engine's OpenAI-compatible API on port 8000,
# http://fixed-world:8000/v1 inside the cluster.
# The plan simulated the router 'round_robin'. A Service spreads connections over the ready pods
# without looking at their load, and a client that keeps its connection open stays on one pod; put a
# load-aware gateway in front when the router matters to the SLO.
apiVersion: v1
kind: Service
metadata:
  name: fixed-world
  labels:
    app.kubernetes.io/name: fixed-world
    app.kubernetes.io/component: inference-server
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: fixed-world
  ports:
    - name: http
      port: 8000
      targetPort: http
)");
}

// Without an autoscaler section: from the 5 replicas sized for the peak to the N+1 fleet of 6, on
// requests in flight per replica with the mean the fleet showed at peak as the target. By hand:
// each replica gets 430 / 5 = 86 req/s and holds each request 10 ms, so it has 0.86 requests in
// flight on average (sampled once a second, 0.8 to 1 at any instant).
TEST(KubernetesManifestsTest, HpaWithoutAnAutoscalerSectionScalesToTheNPlusOneFleet) {
  const Planned& p = FixedWorld();
  const HpaSettings h = HpaSettingsFor(p.plan, p.result);
  EXPECT_EQ(h.min_replicas, 5);
  EXPECT_EQ(h.max_replicas, 6);
  EXPECT_EQ(h.metric, AutoscalerMetric::kQueueLength);
  EXPECT_EQ(h.metric_name, "requests_in_flight");
  EXPECT_EQ(h.target, p.result.recommendation->probe.requests_per_replica);
  EXPECT_GE(h.target, 0.8);
  EXPECT_LE(h.target, 1.0);
  EXPECT_EQ(h.scale_down_window_s, 300);
  const std::string& hpa = p.files.at("hpa.yaml");
  EXPECT_THAT(hpa, HasSubstr("  minReplicas: 5\n  maxReplicas: 6\n"));
  EXPECT_THAT(hpa, HasSubstr("          name: requests_in_flight\n"));
  EXPECT_THAT(hpa, HasSubstr("#   sum by (namespace, pod) (vllm:num_requests_running) + sum by "
                             "(namespace, pod) (vllm:num_requests_waiting)\n"));
  EXPECT_THAT(hpa, HasSubstr("# At the plan's price: $25,112/month at minReplicas, $30,134/month "
                             "at maxReplicas.\n"));
  EXPECT_THAT(hpa, HasSubstr("recommendation.probe.requests_per_replica"));
}

// With an autoscaler section the HPA takes its metric, target and scale-down delay; the bounds
// stay the fleet sized for the peak and the N+1 fleet. Every line by hand.
TEST(KubernetesManifestsTest, HpaWithAnAutoscalerSectionByHand) {
  const Planned p = Plan(FixedWorldPlan(
      "autoscaler: {metric: kv_cache_utilization, target: 0.25, scale_down_delay_s: 120}\n"));
  ASSERT_EQ(p.result.recommendation->replicas, 5);
  const HpaSettings h = HpaSettingsFor(p.plan, p.result);
  EXPECT_EQ(h.min_replicas, 5);
  EXPECT_EQ(h.max_replicas, 6);
  EXPECT_EQ(h.target, 0.25);
  EXPECT_EQ(p.files.at("hpa.yaml"),
            R"(# HorizontalPodAutoscaler for the Deployment of deployment.yaml.
# Metric: the share of the KV cache in use per pod, the plan's kv_cache_utilization. Target 0.25 per
# pod: the plan's autoscaler.target.
# It needs a metrics adapter (prometheus-adapter, KEDA, ...) that serves the custom metric
# kv_cache_usage for each pod from the engine's own metrics; without one the autoscaler reports
# FailedGetPodsMetric and never scales. The metric per pod:
#   max by (namespace, pod) (vllm:kv_cache_usage_perc)
# minReplicas 5: the fleet the plan sized for the peak. maxReplicas 6: the N+1 fleet, 6 replicas:
# one more replica than the peak needs, so the autoscaler can replace a lost one.
# At the plan's price: $25,112/month at minReplicas, $30,134/month at maxReplicas.
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: fixed-world
  labels:
    app.kubernetes.io/name: fixed-world
    app.kubernetes.io/component: inference-server
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: fixed-world
  minReplicas: 5
  maxReplicas: 6
  metrics:
    - type: Pods
      pods:
        metric:
          name: kv_cache_usage
        target:
          type: AverageValue
          averageValue: "0.25"
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 120
)");
}

// target: auto over a day: the autoscaler's own target (what the fixed fleet showed at the peak
// hour), and the comment says how far down that day went. At night (weight 1 of 10) the rate is
// 43 req/s, which one replica serves.
TEST(KubernetesManifestsTest, HpaWithAnAutoTargetOverADayUsesTheDaysTarget) {
  const std::string yaml = FixedWorldPlan(
      "autoscaler: {metric: queue_length, seconds_per_hour: 60, sync_period_s: 5, "
      "load_bandwidth_gb_per_s: 16, scale_down_delay_s: 30}\n");
  std::string with_day = yaml;
  const std::string rate = "  peak_rate_per_s: 430\n";
  with_day.replace(with_day.find(rate), rate.size(),
                   rate +
                       "  diurnal_curve: [1, 1, 1, 1, 1, 1, 2, 4, 6, 8, 10, 10, 10, 10, 10, 10, "
                       "8, 6, 4, 2, 1, 1, 1, 1]\n");
  const Planned p = Plan(with_day);
  ASSERT_TRUE(p.result.day.ran) << p.result.day.skipped;
  const HpaSettings h = HpaSettingsFor(p.plan, p.result);
  EXPECT_EQ(h.min_replicas, 5);
  EXPECT_EQ(h.max_replicas, 6);
  EXPECT_EQ(h.target, p.result.day.target);
  EXPECT_THAT(h.target_basis, HasSubstr("autoscaler.target: auto"));
  EXPECT_THAT(p.files.at("hpa.yaml"),
              HasSubstr("# The plan's day with an autoscaler went down to 1 replica off-peak"));
}

// N+1 adds nothing when the fleet already survives a loss (here replicas.min is above what the
// peak needs): the maximum is then twice the fleet. A single replica's N+1 fleet is 2, which is
// also twice it.
TEST(KubernetesManifestsTest, HpaMaximumIsTwiceTheFleetWithoutAnNPlusOneMargin) {
  std::string yaml = FixedWorldPlan();
  yaml.replace(yaml.find("peak_rate_per_s: 430"), 20, "peak_rate_per_s: 200");
  yaml.replace(yaml.find("{min: 1, max: 16}"), 17, "{min: 4, max: 16}");
  const Planned four = Plan(yaml);
  ASSERT_EQ(four.result.recommendation->replicas, 4);
  ASSERT_TRUE(four.result.n_plus_one->holds);
  const HpaSettings h = HpaSettingsFor(four.plan, four.result);
  EXPECT_EQ(h.min_replicas, 4);
  EXPECT_EQ(h.max_replicas, 8);
  EXPECT_THAT(h.max_basis, HasSubstr("it already survives the loss of a replica"));

  std::string single = FixedWorldPlan();
  single.replace(single.find("peak_rate_per_s: 430"), 20, "peak_rate_per_s: 50");
  const Planned one = Plan(single);
  ASSERT_EQ(one.result.recommendation->replicas, 1);
  const HpaSettings s = HpaSettingsFor(one.plan, one.result);
  EXPECT_EQ(s.min_replicas, 1);
  EXPECT_EQ(s.max_replicas, 2);
  EXPECT_THAT(one.files.at("deployment.yaml"), HasSubstr(": 1 replica of h100_sxm x TP1"));
}

// SGLang listens on 127.0.0.1 and serves no metrics unless told: a pod adds --host and
// --enable-metrics to the plan's command (which already names port 8000), and the autoscaler's
// metric comes from SGLang's own gauges.
TEST(KubernetesManifestsTest, SglangPodsListenOnEveryInterfaceAndServeMetrics) {
  std::string yaml = FixedWorldPlan();
  yaml.replace(yaml.find("engine: {preset: vllm}"), 22, "engine: {preset: sglang}");
  const Planned p = Plan(yaml);
  ASSERT_TRUE(p.result.recommendation.has_value());
  const std::vector<std::string>& args = p.result.deployment->serve_args;
  ASSERT_GE(args.size(), 7u);
  EXPECT_EQ(std::vector<std::string>(args.begin(), args.begin() + 7),
            (std::vector<std::string>{"python", "-m", "sglang.launch_server", "--model-path",
                                      "meta-llama/Llama-3.1-8B-Instruct", "--port", "8000"}));
  const std::string& deployment = p.files.at("deployment.yaml");
  std::string command;
  for (const std::string& arg : args) command += "            - \"" + arg + "\"\n";
  command +=
      "            - \"--host\"\n            - \"0.0.0.0\"\n            - \"--enable-metrics\"\n"
      "          ports:\n";
  EXPECT_THAT(deployment, HasSubstr("          command:\n" + command));
  EXPECT_THAT(deployment, HasSubstr("image: lmsysorg/sglang:latest\n"));
  EXPECT_THAT(p.files.at("hpa.yaml"),
              HasSubstr("#   sum by (namespace, pod) (sglang:num_running_reqs) + sum by "
                        "(namespace, pod) (sglang:num_queue_reqs)\n"));
}

// trtllm-serve reads what it takes only in a file from a ConfigMap mounted in the pod, with its
// iteration statistics on (the autoscaler's metric comes from them).
TEST(KubernetesManifestsTest, TrtllmGetsItsOptionsFileFromAConfigMap) {
  std::string yaml = FixedWorldPlan();
  yaml.replace(yaml.find("engine: {preset: vllm}"), 22, "engine: {preset: trtllm}");
  const Planned p = Plan(yaml);
  ASSERT_TRUE(p.result.recommendation.has_value());
  EXPECT_THAT(p.order, ::testing::ElementsAre("configmap.yaml", "deployment.yaml", "service.yaml",
                                              "hpa.yaml"));
  std::string options;
  for (size_t begin = 0; begin < p.result.deployment->engine_config.size();) {
    const size_t end = p.result.deployment->engine_config.find('\n', begin);
    options += "    " + p.result.deployment->engine_config.substr(begin, end - begin) + "\n";
    begin = end + 1;
  }
  EXPECT_THAT(p.files.at("configmap.yaml"),
              HasSubstr("kind: ConfigMap\nmetadata:\n  name: fixed-world-engine-options\n"));
  EXPECT_THAT(p.files.at("configmap.yaml"),
              HasSubstr("data:\n  extra_llm_api_options.yaml: |\n" + options));
  EXPECT_THAT(p.files.at("configmap.yaml"), HasSubstr("    enable_iter_perf_stats: true\n"));
  const std::string& deployment = p.files.at("deployment.yaml");
  EXPECT_THAT(deployment, HasSubstr("            - \"--extra_llm_api_options\"\n"
                                    "            - \"/etc/gpuplan/extra_llm_api_options.yaml\"\n"));
  EXPECT_THAT(deployment, HasSubstr("            - \"--host\"\n            - \"0.0.0.0\"\n"));
  EXPECT_THAT(deployment, HasSubstr("          configMap:\n            name: "
                                    "fixed-world-engine-options\n"));
  EXPECT_THAT(deployment, Not(HasSubstr("prometheus.io/scrape")));  // /metrics is JSON
  EXPECT_THAT(p.files.at("hpa.yaml"), HasSubstr("numActiveRequests + numQueuedRequests"));
}

TEST(KubernetesManifestsTest, SameBytesAtAnyThreadCount) {
  const Planned one = Plan(FixedWorldPlan(), 1);
  EXPECT_EQ(one.files, FixedWorld().files);
}

TEST(KubernetesManifestsTest, NothingRecommendedWritesNothing) {
  const Planned p = Plan(FixedWorldPlan("constraints: {max_monthly_cost: 4000}\n"));
  ASSERT_FALSE(p.result.recommendation.has_value());
  EXPECT_TRUE(p.files.empty());
}

TEST(KubernetesManifestsTest, ObjectNamesAreRfc1035Labels) {
  EXPECT_EQ(KubernetesName("fixed-world"), "fixed-world");
  EXPECT_EQ(KubernetesName("Japan Chatbot_v2"), "japan-chatbot-v2");
  EXPECT_EQ(KubernetesName("--a..b--"), "a-b");
  EXPECT_EQ(KubernetesName("8b-chat"), "gpuplan-8b-chat");
  EXPECT_EQ(KubernetesName("日本"), "gpuplan");
  EXPECT_EQ(KubernetesName(""), "gpuplan");
  EXPECT_EQ(KubernetesName(std::string(70, 'a')), std::string(63, 'a'));
  EXPECT_EQ(KubernetesName(std::string(62, 'a') + "-b"), std::string(62, 'a'));
}

}  // namespace
}  // namespace gpuplan
