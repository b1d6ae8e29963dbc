// --self-test: every kernel of ours (and the cuBLASLt wrapper) against its CPU reference on small
// and awkward shapes (tails, odd lengths, every query-group size, splits with empty parts, fp8),
// every output value compared. Prints one line per check; times nothing.
#include <cstdio>
#include <string>
#include <vector>

#include "calibrate/families/families.h"
#include "calibrate/families/gemm_buffers.h"

namespace gpuplan::calibrate {
namespace {

class Tally {
 public:
  explicit Tally(Context& context) : context_(context) {}

  void Record(const std::string& what, const ErrorNorm& error, double tolerance) {
    const bool pass = error.Passes(tolerance);
    failures_ += pass ? 0 : 1;
    ++checks_;
    context_.Log(std::string(pass ? "PASS " : "FAIL ") + what + ": " + error.Describe());
  }
  int failures() const { return failures_; }
  int checks() const { return checks_; }

 private:
  Context& context_;
  int failures_ = 0;
  int checks_ = 0;
};

void PrefillChecks(Context& context, Tally& tally) {
  const std::vector<PrefillCase> shapes = {{2, 100, 100, 4, 2, 0}, {1, 37, 300, 8, 1, 0},
                                           {1, 257, 257, 2, 2, 0}, {1, 128, 1000, 4, 4, 0},
                                           {1, 1, 64, 2, 1, 0},    {2, 200, 520, 6, 3, 0},
                                           {1, 64, 64, 1, 1, 0}};
  for (int head_dim : {64, 128}) {
    for (PrefillCase c : shapes) {
      c.head_dim = head_dim;
      char what[160];
      std::snprintf(what, sizeof(what),
                    "prefill_attention batch=%d q_len=%d kv_len=%d heads=%d/%d head_dim=%d",
                    c.batch, c.q_len, c.kv_len, c.q_heads, c.kv_heads, c.head_dim);
      tally.Record(what, CheckPrefillCase(context, c, true), kBf16Tolerance);
    }
  }
}

void DecodeChecks(Context& context, Tally& tally) {
  const std::vector<std::pair<int, int>> heads = {{4, 4},  {4, 2},  {6, 2}, {8, 2},
                                                  {14, 2}, {16, 2}, {32, 2}};
  const std::vector<int> lengths = {1, 17, 300, 1000};
  for (int head_dim : {64, 128}) {
    for (Dtype kv_dtype : {Dtype::kBf16, Dtype::kFp8}) {
      for (const auto& [q_heads, kv_heads] : heads) {
        for (int splits : {1, 3}) {
          const int block_size = splits == 1 ? 16 : 32;
          const DecodeCase c{static_cast<int>(lengths.size()),
                             1000,
                             q_heads,
                             kv_heads,
                             head_dim,
                             kv_dtype,
                             block_size};
          char what[200];
          std::snprintf(what, sizeof(what),
                        "decode_attention lens=1,17,300,1000 heads=%d/%d head_dim=%d kv=%s "
                        "block=%d splits=%d",
                        q_heads, kv_heads, head_dim, std::string(DtypeName(kv_dtype)).c_str(),
                        block_size, splits);
          tally.Record(what, CheckDecodeCase(context, c, lengths, splits, true), kBf16Tolerance);
        }
      }
    }
    // Many splits over a short and a long sequence: the short one's later splits are empty.
    const DecodeCase c{2, 2000, 8, 1, head_dim, Dtype::kBf16, 16};
    tally.Record(
        "decode_attention lens=5,2000 heads=8/1 head_dim=" + std::to_string(head_dim) + " splits=8",
        CheckDecodeCase(context, c, {5, 2000}, 8, true), kBf16Tolerance);
  }
}

void ElementwiseChecks(Context& context, Tally& tally) {
  std::vector<ElementwiseCase> cases;
  for (int tokens : {1, 7, 64}) {
    for (int hidden : {4096, 520}) {
      cases.push_back({ElementwiseOp::kRmsNorm, tokens, hidden, 128, Dtype::kBf16, 16});
      cases.push_back({ElementwiseOp::kFusedAddRmsNorm, tokens, hidden, 128, Dtype::kBf16, 16});
    }
    cases.push_back({ElementwiseOp::kRope, tokens, 6 * 128, 128, Dtype::kBf16, 16});
    cases.push_back({ElementwiseOp::kRope, tokens, 5 * 64, 64, Dtype::kBf16, 16});
    for (int width : {1024, 1160}) {
      cases.push_back({ElementwiseOp::kSiluAndMul, tokens, width, 128, Dtype::kBf16, 16});
    }
    for (Dtype dtype : {Dtype::kBf16, Dtype::kFp8}) {
      cases.push_back({ElementwiseOp::kKvCacheWrite, tokens, 8 * 128, 128, dtype, 16});
      cases.push_back({ElementwiseOp::kKvCacheWrite, tokens, 3 * 64, 64, dtype, 16});
    }
  }
  for (const ElementwiseCase& c : cases) {
    const std::string what =
        std::string(ElementwiseOpName(c.op)) + " tokens=" + std::to_string(c.tokens) +
        " hidden=" + std::to_string(c.hidden) + " head_dim=" + std::to_string(c.head_dim) + " " +
        std::string(DtypeName(c.dtype));
    tally.Record(what, CheckElementwiseCase(context, c, true), kBf16Tolerance);
  }
}

void GemmChecks(Context& context, Tally& tally) {
  for (Dtype dtype : {Dtype::kBf16, Dtype::kFp8}) {
    if (dtype == Dtype::kFp8 && !context.device().fp8_tensor_cores) {
      context.Log("SKIP fp8 GEMM checks: no fp8 tensor cores");
      continue;
    }
    GemmBuffers buffers(context, 256, 256, 512, dtype, 1);
    for (int64_t m : {1, 16, 37, 256}) {
      const std::string what =
          "gemm " + std::string(DtypeName(dtype)) + " m=" + std::to_string(m) + " n=256 k=512";
      const auto plan = buffers.MakePlan(context, m, 0);
      if (!plan) {
        context.Log("SKIP " + what + ": cuBLASLt offers no algorithm");
        continue;
      }
      tally.Record(what, buffers.Check(context, *plan, true), kBf16Tolerance);
    }
  }
}

}  // namespace

int RunSelfTest(Context& context) {
  Tally tally(context);
  GemmChecks(context, tally);
  PrefillChecks(context, tally);
  DecodeChecks(context, tally);
  ElementwiseChecks(context, tally);
  context.Log("self-test: " + std::to_string(tally.checks() - tally.failures()) + " of " +
              std::to_string(tally.checks()) + " checks passed");
  return tally.failures();
}

}  // namespace gpuplan::calibrate
