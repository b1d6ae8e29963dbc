// PolicyOptions: one policy's typed Options struct (PoissonOptions, RooflineOptions, ...), read
// once from its ParamTable by the policy's registry entry and carried, type-erased, by layers that
// do not know the policy (config/'s PolicyChoice, the Scenario). Only the entry that read the
// value looks inside it again (As<T>), when it builds the product.
//
// Threads: immutable once made, so shared freely (copies share the value).
#pragma once

#include <memory>
#include <typeinfo>
#include <utility>

#include "sim/core/error.h"

namespace gpuplan {

class PolicyOptions {
 public:
  PolicyOptions() = default;

  template <class T>
  static PolicyOptions Of(T value) {
    PolicyOptions options;
    options.value_ = std::make_shared<const T>(std::move(value));
    options.type_ = &typeid(T);
    return options;
  }

  bool empty() const { return value_ == nullptr; }

  template <class T>
  bool Holds() const {
    return type_ != nullptr && *type_ == typeid(T);
  }

  // The value; asking for another type than the one stored is a bug (a factory given options
  // read by another entry).
  template <class T>
  const T& As() const {
    GPUPLAN_CHECK(Holds<T>(), "policy options of type {} read as {}",
                  type_ == nullptr ? "(none)" : type_->name(), typeid(T).name());
    return *static_cast<const T*>(value_.get());
  }

 private:
  std::shared_ptr<const void> value_;
  const std::type_info* type_ = nullptr;
};

// The options of a policy that takes none (round_robin, ...).
struct NoOptions {};

}  // namespace gpuplan
