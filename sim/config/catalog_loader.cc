#include "sim/config/catalog_loader.h"

#include <algorithm>
#include <filesystem>

#include "sim/config/spec_fields.h"
#include "sim/config/yaml_document.h"
#include "sim/config/yaml_reader.h"
#include "sim/core/error.h"

namespace gpuplan {

namespace {

namespace fs = std::filesystem;

// The *.yaml files of `dir`, sorted by name so that errors come out in a stable order.
std::vector<fs::path> YamlFilesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// One catalog file; nullopt when it had problems (added to `diags`).
template <class Spec>
std::optional<Spec> ReadEntryFile(const fs::path& file, Diagnostics& diags) {
  const std::string file_name = file.string();
  std::optional<std::string> text = ReadTextFile(file_name, diags);
  if (!text) return std::nullopt;
  std::optional<YAML::Node> root = ParseYaml(*text, file_name, diags);
  if (!root) return std::nullopt;
  ReadContext context(file_name, diags);
  YamlNode node(context, *root, "");
  if (!node.IsMap()) {
    node.Fail(fmt::format("got {}; expected a map of {} fields starting with 'name'",
                          node.Describe(), detail::EntryNoun<Spec>()));
    return std::nullopt;
  }
  YamlMap map(node);
  Spec spec = detail::ReadFullDefinition<Spec>(map);
  map.Finish();
  const std::string stem = file.stem().string();
  if (!spec.name.empty() && spec.name != stem) {
    diags.Add(context.LocationOf("name"), "name",
              fmt::format("'{}' does not match the file name '{}'; expected name: {}", spec.name,
                          file.filename().string(), stem));
  }
  if (!diags.empty()) return std::nullopt;
  return spec;
}

// ReadEntryFile, with the file's problems appended to `all` in file order.
template <class Spec>
std::optional<Spec> LoadEntryFile(const fs::path& file, Diagnostics& all) {
  Diagnostics diags;
  std::optional<Spec> spec = ReadEntryFile<Spec>(file, diags);
  const Diagnostics sorted = SortedByPosition(diags, file.string());
  for (const Diagnostic& d : sorted.items()) {
    all.Add(d.loc, d.path, d.message);
  }
  return spec;
}

template <class Spec>
void LoadFolder(const fs::path& configs_dir, const std::string& folder,
                std::map<std::string, Spec>& entries, Diagnostics& diags) {
  const fs::path dir = configs_dir / folder;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diags.Add(SourceLoc{dir.string(), 0, 0}, "",
              fmt::format("missing catalog folder; expected {}/*.yaml with one {} per file",
                          dir.string(), detail::EntryNoun<Spec>()));
    return;
  }
  for (const fs::path& file : YamlFilesIn(dir)) {
    if (std::optional<Spec> spec = LoadEntryFile<Spec>(file, diags)) {
      entries.emplace(spec->name, std::move(*spec));
    }
  }
}

}  // namespace

Catalog LoadCatalog(const std::string& configs_dir) {
  Diagnostics diags;
  Catalog catalog;
  catalog.root = configs_dir;
  LoadFolder(configs_dir, "gpus", catalog.gpus, diags);
  LoadFolder(configs_dir, "models", catalog.models, diags);
  LoadFolder(configs_dir, "engines", catalog.engines, diags);
  diags.ThrowIfAny();
  return catalog;
}

}  // namespace gpuplan
