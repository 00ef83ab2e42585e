#include "sim/spec/yaml_syntax.hpp"

#include <fmt/format.h>
#include <yaml.h>

#include <memory>

#include "sim/spec/diagnostics.hpp"

namespace cdsim::spec::detail {

namespace {

[[noreturn]] void refuse(const std::string& label, std::size_t line, std::size_t column, std::string message) {
  throw SpecError({Diagnostic{label, static_cast<int>(line), static_cast<int>(column), {}, std::move(message)}});
}

}  // namespace

void check_yaml_syntax(const std::string& text, const std::string& label) {
  yaml_parser_t parser;
  if (yaml_parser_initialize(&parser) == 0) refuse(label, 0, 0, "cannot start the YAML parser (out of memory)");
  const std::unique_ptr<yaml_parser_t, decltype(&yaml_parser_delete)> owner(&parser, yaml_parser_delete);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  int depth = 0, documents = 0;
  for (;;) {
    yaml_event_t event;
    if (yaml_parser_parse(&parser, &event) == 0) {
      const yaml_mark_t& at = parser.problem_mark;
      std::string why = parser.problem != nullptr ? parser.problem : "malformed YAML";
      if (parser.context != nullptr) why = fmt::format("{} {}", parser.context, why);
      refuse(label, at.line + 1, at.column + 1, fmt::format("YAML syntax error: {}", why));
    }
    const yaml_event_type_t type = event.type;
    const yaml_mark_t at = event.start_mark;
    // The root node's properties (a tag or an anchor): nothing cdsim reads needs them, and yaml-cpp
    // 0.7 loops on a root plain scalar that has them when its next line starts like one ("!a b" then
    // "!c, e": found by fuzz_scenario).
    const bool root_properties =
        depth == 0 && ((type == YAML_SCALAR_EVENT && (event.data.scalar.tag || event.data.scalar.anchor)) ||
                       (type == YAML_SEQUENCE_START_EVENT &&
                        (event.data.sequence_start.tag || event.data.sequence_start.anchor)) ||
                       (type == YAML_MAPPING_START_EVENT &&
                        (event.data.mapping_start.tag || event.data.mapping_start.anchor)));
    yaml_event_delete(&event);
    if (root_properties) {
      refuse(label, at.line + 1, at.column + 1,
             "a YAML tag (!name) or anchor (&name) on the whole document; cdsim files use neither there");
    }
    switch (type) {
      case YAML_DOCUMENT_START_EVENT:
        if (++documents > 1) refuse(label, at.line + 1, at.column + 1, "a second YAML document; a scenario is exactly one");
        break;
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT:
        if (++depth > kMaxYamlDepth) {
          refuse(label, at.line + 1, at.column + 1,
                 fmt::format("YAML nesting is too deep (more than {} lists or maps inside each other)", kMaxYamlDepth));
        }
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        --depth;
        break;
      case YAML_STREAM_END_EVENT:
        return;
      default:
        break;
    }
  }
}

}  // namespace cdsim::spec::detail
