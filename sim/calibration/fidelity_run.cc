#include "sim/calibration/fidelity_run.h"

#include "sim/calibration/vidur_import.h"

namespace gpuplan {

FidelityResults RunFidelity(const FidelityRequest& request) {
  const std::string vidur = request.traces_dir + "/profiling/vidur";
  const VidurDataset data = LoadVidurDataset(vidur, request.h100, request.a100);
  FidelityResults r;
  r.roofline_ops = RooflineErrorsOnVidur(data, r.roofline);
  for (const VidurNetworkSet& set : data.network) {
    r.roofline_collectives.push_back(
        {set.collective, set.gpu_key, RooflineErrorsOnNetwork(set, r.roofline)});
  }
  r.calibrated = CalibratedErrorsOnVidur(data);
  // The bundles the calibrated model uses for Splitwise: the shipped imports, built here from
  // the same source so the report does not depend on configs/.
  VidurImportRequest h100{vidur, "h100", "meta-llama/Llama-2-70b-hf", "fidelity", "-"};
  VidurImportRequest a100{vidur, "a100", "meta-llama/Meta-Llama-3-8B", "fidelity", "-"};
  const Bundle h100_bundle = ImportVidur(h100), a100_bundle = ImportVidur(a100);
  SplitwiseSetup setup;
  setup.models = request.splitwise_models;
  setup.gpus = {{"a100-80gb", request.a100}, {"h100-80gb", request.h100}};
  setup.bundles = {{"a100-80gb", &a100_bundle}, {"h100-80gb", &h100_bundle}};
  setup.engine = request.engine;
  r.splitwise = CompareWithSplitwise(
      ReadSplitwise(request.traces_dir + "/profiling/splitwise-sim/perf_model.csv"), setup);
  r.allreduce = ReadAllReduceReference(request.allreduce_reference);
  r.allreduce_gpu = request.h100;
  if (request.fit) {
    r.fit = FitRooflineOnVidur(data);
    r.allreduce_fit = FitEngineAllReduce(r.allreduce, request.h100);
    r.has_fit = true;
  }
  return r;
}

}  // namespace gpuplan
