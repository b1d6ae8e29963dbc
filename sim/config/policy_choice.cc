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

namespace {

bool SameValues(const std::map<std::string, ParamValue>& a,
                const std::map<std::string, ParamValue>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.first == y.first && x.second.text == y.second.text &&
           x.second.is_list == y.second.is_list && x.second.list == y.second.list;
  });
}

}  // namespace

void PolicyChoice::SetTyped(PolicyOptions typed) {
  typed_ = std::make_shared<const Typed>(Typed{kind, options.values, std::move(typed)});
}

const PolicyOptions* PolicyChoice::TypedIfCurrent() const {
  if (typed_ == nullptr || typed_->kind != kind || !SameValues(typed_->values, options.values)) {
    return nullptr;
  }
  return &typed_->value;
}

void PolicyValidators::Validate(std::string_view slot, PolicyChoice& choice,
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
