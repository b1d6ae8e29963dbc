// Generated sections of a document: text between a `<!-- BEGIN GENERATED name -->` line and its
// `<!-- END GENERATED name -->` line is written by a command (docs/validation.md's tables), never
// by hand. These helpers replace or read such sections; markers count only as whole lines, so
// prose may quote them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gpuplan {

// Replaces every generated section of `doc` that `tables` has. Sections of `doc` with no table
// are left as they are and listed in *stale; tables with no section in `doc` in *unplaced.
std::string FillGeneratedSections(const std::string& doc,
                                  const std::map<std::string, std::string>& tables,
                                  std::vector<std::string>* stale,
                                  std::vector<std::string>* unplaced);

// The text of the generated section `name` (between its marker lines), or nullopt when `doc`
// has no well-formed section of that name.
std::optional<std::string> GeneratedSection(const std::string& doc, const std::string& name);

}  // namespace gpuplan
