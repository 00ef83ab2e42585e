// Data flow: a YAML file (scenario or sweep) -> [yaml_document] -> one checked YAML document.
// Reading the text with a size limit, refusing binary and empty files, the libyaml syntax check
// before yaml-cpp sees the text, and one document with a map at the top: what every YAML input of
// cdsim needs before its keys are read. Errors are SpecError naming the file (line and column when known).
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace cdsim::spec {

/// The text of `file`, refusing what cannot be a `kind` file ("scenario", "sweep"): missing, a
/// directory, unreadable, or larger than kMaxSpecFileBytes.
std::string read_spec_file(const std::filesystem::path& file, std::string_view kind);

/// The one YAML document in `text`, whose top level is a map.
YAML::Node parse_document(const std::string& text, const std::string& label, std::string_view kind);

/// A scenario or sweep is a few kilobytes (10,000 neighbourhoods is under 1 MiB), a few MiB with
/// generalised boundary outlines; the YAML tree costs ~100x the text, so a larger file is a mistake, and refusing it early avoids exhausting memory.
inline constexpr std::size_t kMaxSpecFileBytes = 16u << 20;

}  // namespace cdsim::spec
