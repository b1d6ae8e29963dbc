#include "sim/config/policy_choice.h"

#include <algorithm>

namespace gpuplan {

PolicyValidators& PolicyValidators::Set(std::string_view slot, PolicyValidator validator) {
  const bool known =
      std::find(kPolicySlots.begin(), kPolicySlots.end(), slot) != kPolicySlots.end();
  GPUPLAN_CHECK(known, "no policy slot '{}'; slots are {}", slot,
                JoinNames(std::vector<std::string>(kPolicySlots.begin(), kPolicySlots.end())));
  validators_[std::string(slot)] = std::move(validator);
  return *this;
}

void PolicyValidators::Validate(std::string_view slot, const PolicyChoice& choice,
                                Diagnostics& diags) const {
  auto it = validators_.find(slot);
  if (it != validators_.end() && it->second) it->second(choice, diags);
}

void CheckPolicyOptions(const ParamTable& options, const std::vector<OptionSpec>& schema,
                        Diagnostics& diags) {
  OptionReader reader(options, schema, diags);
  for (const OptionSpec& spec : schema) {
    // An optional option without a default (e.g. a trace's max_requests) has nothing to check
    // unless the user wrote it.
    if (!spec.required && spec.default_value.empty() && !reader.Given(spec.name)) continue;
    switch (spec.type) {
      case OptionType::kInt:
        reader.Int(spec.name);
        break;
      case OptionType::kDouble:
        reader.Double(spec.name);
        break;
      case OptionType::kBool:
        reader.Bool(spec.name);
        break;
      case OptionType::kString:
      case OptionType::kEnum:
        reader.String(spec.name);
        break;
      case OptionType::kDoubleList:
        reader.DoubleList(spec.name);
        break;
    }
  }
  reader.Finish();
}

}  // namespace gpuplan
