// The family table of docs/calibration-format.md (sections 4 and 6) and Bundle's accessors.
#include <charconv>

#include "sim/bundle/bundle.h"
#include "sim/core/error.h"

namespace gpuplan {

namespace {

// A family as the shared schema spells it, with the axis the simulator interpolates along.
FamilySchema Schema(BundleFamily family, const bundle_schema::FamilyFormat& format,
                    std::string_view size_key) {
  return {family,
          format.stem,
          {format.keys.begin(), format.keys.end()},
          size_key,
          format.op_column,
          {format.ops.begin(), format.ops.end()},
          format.importer_only};
}

}  // namespace

const std::array<FamilySchema, kNumBundleFamilies>& BundleFamilies() {
  using F = BundleFamily;
  namespace bs = bundle_schema;
  static_assert(bs::kFamilies.size() == kNumBundleFamilies);
  // `op` in gemm.csv only names the weight; it is not part of the key.
  static const std::array<FamilySchema, kNumBundleFamilies> families = {{
      Schema(F::kCeilings, bs::kCeilings, ""),
      Schema(F::kLaunch, bs::kLaunch, ""),
      Schema(F::kGemm, bs::kGemm, "m"),
      Schema(F::kPrefillAttention, bs::kPrefillAttention, "kv_len"),
      Schema(F::kDecodeAttention, bs::kDecodeAttention, "kv_len"),
      Schema(F::kElementwise, bs::kElementwise, "tokens"),
      Schema(F::kMlpOps, bs::kMlpOps, "num_tokens"),
      Schema(F::kAllReduce, bs::kAllReduce, "bytes"),
      Schema(F::kSendRecv, bs::kSendRecv, "bytes"),
  }};
  return families;
}

const FamilySchema& SchemaOf(BundleFamily family) {
  GPUPLAN_CHECK(family < BundleFamily::kCount, "no such bundle family");
  return BundleFamilies()[static_cast<size_t>(family)];
}

bool IsTextKey(std::string_view column) { return bundle_schema::IsTextKeyColumn(column); }

size_t BundleTable::KeyIndex(std::string_view column) const {
  const std::vector<std::string_view>& keys = schema().keys;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == column) return i;
  }
  GPUPLAN_CHECK(false, "{}.csv has no key column '{}'", schema().name, column);
  return 0;
}

const BundleTable* Bundle::Find(BundleFamily family) const {
  for (const BundleTable& t : tables) {
    if (t.family == family) return &t;
  }
  return nullptr;
}

bool Bundle::HasServingTerms() const {
  for (const std::optional<double>& t : serving_terms) {
    if (t) return true;
  }
  return false;
}

const MetaEntry* Bundle::FindMeta(std::string_view key) const {
  for (const MetaEntry& e : meta) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::string Bundle::Meta(std::string_view key, std::string_view fallback) const {
  const MetaEntry* e = FindMeta(key);
  return std::string(e != nullptr ? std::string_view(e->value) : fallback);
}

const BundleModel* Bundle::FindModel(std::string_view name) const {
  for (const BundleModel& m : models) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

namespace {

bool ParsePositive(std::string_view text, int* out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return ec == std::errc() && ptr == end && *out > 0;
}

}  // namespace

bool ParseBundleModel(std::string_view name, std::string_view value, BundleModel* out,
                      std::string* error) {
  BundleModel m;
  m.name = std::string(name);
  struct Field {
    std::string_view key;
    int* target;
  };
  namespace bs = bundle_schema;
  int* const targets[] = {&m.hidden,   &m.heads,        &m.kv_heads,
                          &m.head_dim, &m.intermediate, &m.vocab};  // kModelShapeFields order
  static_assert(std::size(targets) == bs::kModelShapeFields.size());
  std::array<Field, std::size(targets)> fields;
  for (size_t i = 0; i < fields.size(); ++i) fields[i] = {bs::kModelShapeFields[i], targets[i]};
  const std::string source = std::string(bs::kModelSourceField) + "=";
  while (!value.empty()) {
    if (value.starts_with(source)) {
      m.source = std::string(value.substr(source.size()));  // the rest of the line, commas included
      break;
    }
    const size_t comma = value.find(',');
    const std::string_view item = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;  // tolerated: not a shape field
    for (const Field& f : fields) {
      if (item.substr(0, eq) != f.key) continue;
      if (!ParsePositive(item.substr(eq + 1), f.target)) {
        *error = fmt::format("{} '{}' is not a positive integer", f.key, item.substr(eq + 1));
        return false;
      }
    }
  }
  for (const Field& f : fields) {
    if (*f.target == 0) {
      *error = fmt::format("no {}=", f.key);
      return false;
    }
  }
  *out = std::move(m);
  return true;
}

}  // namespace gpuplan
