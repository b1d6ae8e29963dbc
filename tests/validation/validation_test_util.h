// Helpers for the validation tests: serving.csv rows written from a column -> value map, the
// shipped catalog, a temp folder.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/config/catalog_loader.h"
#include "sim/util/csv_writer.h"
#include "tests/common/temp_dir.h"

namespace gpuplan::testing {

// The header of ../shared/validation/serving.csv, column for column.
inline const std::vector<std::string>& ServingColumns() {
  static const std::vector<std::string> kColumns = {"set",
                                                    "source",
                                                    "source_commit",
                                                    "license",
                                                    "engine",
                                                    "engine_version",
                                                    "model",
                                                    "model_hf_id",
                                                    "gpu",
                                                    "num_gpus",
                                                    "tp",
                                                    "pp",
                                                    "ep",
                                                    "dp",
                                                    "weight_dtype",
                                                    "kv_dtype",
                                                    "workload",
                                                    "isl",
                                                    "osl",
                                                    "isl_dist",
                                                    "osl_dist",
                                                    "arrival",
                                                    "concurrency",
                                                    "request_rate",
                                                    "num_requests",
                                                    "max_num_seqs",
                                                    "max_num_batched_tokens",
                                                    "kv_blocks",
                                                    "block_size",
                                                    "extra_args",
                                                    "ttft_mean_ms",
                                                    "ttft_p50_ms",
                                                    "ttft_p90_ms",
                                                    "ttft_p95_ms",
                                                    "ttft_p99_ms",
                                                    "tpot_mean_ms",
                                                    "tpot_p50_ms",
                                                    "tpot_p90_ms",
                                                    "tpot_p95_ms",
                                                    "tpot_p99_ms",
                                                    "itl_mean_ms",
                                                    "itl_p99_ms",
                                                    "e2el_mean_ms",
                                                    "e2el_p50_ms",
                                                    "e2el_p95_ms",
                                                    "e2el_p99_ms",
                                                    "request_throughput",
                                                    "output_throughput",
                                                    "total_token_throughput",
                                                    "output_throughput_per_gpu",
                                                    "notes"};
  return kColumns;
}

inline std::string ServingHeader() {
  std::string line;
  for (const std::string& c : ServingColumns()) line += (line.empty() ? "" : ",") + c;
  return line + "\n";
}

// One row; columns not given are empty. Values are quoted as CSV needs.
inline std::string ServingLine(const std::map<std::string, std::string>& values) {
  std::string line;
  bool first = true;
  for (const std::string& c : ServingColumns()) {
    const auto it = values.find(c);
    line += (first ? "" : ",") + (it == values.end() ? "" : QuoteCsvField(it->second));
    first = false;
  }
  return line + "\n";
}

// A covered row: vLLM on one H100 serving Llama-3.1-8B to a closed loop of 4 clients.
inline std::map<std::string, std::string> ClosedLoopRow() {
  return {{"set", "test_set"},
          {"engine", "vllm"},
          {"engine_version", "0.11.0"},
          {"model", "Llama-3.1-8B-Instruct"},
          {"gpu", "H100 SXM"},
          {"num_gpus", "1"},
          {"tp", "1"},
          {"weight_dtype", "bf16"},
          {"workload", "random"},
          {"isl", "1000"},
          {"osl", "100"},
          {"isl_dist", "fixed"},
          {"osl_dist", "fixed"},
          {"arrival", "closed_loop"},
          {"concurrency", "4"},
          {"num_requests", "40"},
          {"ttft_mean_ms", "50"},
          {"tpot_mean_ms", "8"},
          {"output_throughput", "400"}};
}

inline const Catalog& ShippedCatalog() {
  static const Catalog catalog = LoadCatalog(std::string(GPUPLAN_SOURCE_DIR) + "/configs");
  return catalog;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace gpuplan::testing
