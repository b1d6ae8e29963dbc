// The measurement families of a bundle. Each writes its CSV file into the bundle directory and
// checks every kernel of ours against its CPU reference before timing it (throwing CheckFailure
// when a check fails, so no timing of a wrong kernel is ever written).
#pragma once

#include <filesystem>
#include <vector>

#include "calibrate/families/context.h"
#include "calibrate/sweep.h"

namespace gpuplan::calibrate {

// Copy bandwidth and peak GEMM rates: sets context.ceilings() and writes ceilings.csv.
void MeasureCeilings(Context& context, const std::filesystem::path& dir);

// launch.csv: empty-kernel launch costs, plain and through CUDA graph replay.
void MeasureLaunch(Context& context, const std::filesystem::path& dir);

// gemm.csv.
void MeasureGemm(Context& context, const std::vector<GemmGroup>& groups,
                 const std::filesystem::path& dir);

// prefill_attention.csv.
void MeasurePrefill(Context& context, const std::vector<PrefillCase>& cases,
                    const std::filesystem::path& dir);

// decode_attention.csv.
void MeasureDecode(Context& context, const std::vector<DecodeCase>& cases,
                   const std::filesystem::path& dir);

// elementwise.csv.
void MeasureElementwise(Context& context, const std::vector<ElementwiseCase>& cases,
                        const std::filesystem::path& dir);

// Checks of every kernel on many small and odd shapes, every output value compared. Returns the
// number of failed checks (each printed).
int RunSelfTest(Context& context);

// Spot checks shared by the measurement families and the self-test. Each runs the kernel once on
// fresh random inputs into poisoned outputs, scans the whole output for unwritten (NaN) values
// and compares sampled rows (all rows when `all_rows`) with the CPU reference.
ErrorNorm CheckPrefillCase(Context& context, const PrefillCase& c, bool all_rows);
ErrorNorm CheckDecodeCase(Context& context, const DecodeCase& c, const std::vector<int>& seq_lens,
                          int num_splits, bool all_rows);
ErrorNorm CheckElementwiseCase(Context& context, const ElementwiseCase& c, bool all_rows);
ErrorNorm CheckGemmShape(Context& context, const GemmShape& shape, bool all_values);

}  // namespace gpuplan::calibrate
