// "Did you mean" suggestions for unknown names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gpuplan {

// Levenshtein distance (insertions, deletions, substitutions), case-sensitive.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `name`, or "" when none is close enough to be a plausible typo
// (distance <= max(2, name.size() / 3)). Ties go to the earliest candidate.
std::string NearestName(std::string_view name, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" or "" when there is no plausible candidate.
std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates);

// "a, b, c" in the given order.
std::string JoinNames(const std::vector<std::string>& names);

}  // namespace gpuplan
