// Exact percentile of a sample: linear interpolation between closest ranks (numpy's default),
// the one definition gpuplan uses wherever it summarises a small set of values exactly.
#pragma once

#include <vector>

namespace gpuplan {

// p in [0, 100]; 0 for an empty sample. Takes the values by copy because it sorts them.
double Percentile(std::vector<double> values, double p);

}  // namespace gpuplan
