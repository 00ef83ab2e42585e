// Data flow: docs/parameters.md and docs/guide-strategy-lead.md, built into cdsim -> [evidence] -> the
// paper's assumptions table (each parameter's meaning and evidence grade) and its caveats. The docs stay
// the one place these are written; the build embeds them (sim/CMakeLists.txt), so the paper quotes the
// docs of the cdsim that made it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cdsim::report {

/// One row of a parameter table in docs/parameters.md.
struct ParameterDoc {
  std::string key;      ///< "transitions.support_to_crisis", or for a policy type's table "place_based_team.fte"
  std::string meaning;  ///< the Meaning column, markdown removed
  std::string source;   ///< the Source column, markdown removed; empty when the table has none
  std::vector<std::string> grades;  ///< the evidence grades in the source: "ASSUMPTION", "DERIVED", "EVAL", ...
};

/// Every documented parameter; policy parameters are keyed "<type>.<key>".
[[nodiscard]] std::vector<ParameterDoc> parameter_docs(std::string_view parameters_md);
[[nodiscard]] std::optional<ParameterDoc> find_parameter(const std::vector<ParameterDoc>& docs, std::string_view key);

/// The bullets under the guide's "Read it honestly" heading, markdown removed.
[[nodiscard]] std::vector<std::string> caveats(std::string_view guide_md);

/// Plain text of a line of markdown: no `code` ticks, **bold**, or [links](target) (their text kept).
[[nodiscard]] std::string plain_text(std::string_view markdown);

/// The docs as built into this cdsim.
[[nodiscard]] std::string_view embedded_parameters_md();
[[nodiscard]] std::string_view embedded_strategy_guide_md();

}  // namespace cdsim::report
