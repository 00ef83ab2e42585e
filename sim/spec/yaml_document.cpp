#include "sim/spec/yaml_document.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "sim/spec/diagnostics.hpp"
#include "sim/spec/yaml_reader.hpp"
#include "sim/spec/yaml_syntax.hpp"

namespace cdsim::spec {
namespace {

[[noreturn]] void fail_whole_file(const std::string& label, std::string message) {
  throw SpecError({Diagnostic{label, 0, 0, {}, std::move(message)}});
}

bool is_text(std::string_view text) {
  // Valid UTF-8 without NUL or other control bytes (tab, LF and CR excepted): binary files, and text
  // in UTF-16, fail here with one clear message instead of a confusing YAML error.
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') return false;
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code = 0;
    if ((byte & 0xE0) == 0xC0)
      length = 2, code = byte & 0x1F;
    else if ((byte & 0xF0) == 0xE0)
      length = 3, code = byte & 0x0F;
    else if ((byte & 0xF8) == 0xF0)
      length = 4, code = byte & 0x07;
    else
      return false;
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};  // shortest-form encodings only
    if (code < kMinimum[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

bool has_content(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, end - pos);
    const std::size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && line[first] != '#') return true;
    pos = end + 1;
  }
  return false;
}

}  // namespace

YAML::Node parse_document(const std::string& text, const std::string& label, std::string_view kind) {
  if (!is_text(text)) fail_whole_file(label, "is not a text file");
  if (!has_content(text)) fail_whole_file(label, "is empty");
  detail::check_yaml_syntax(text, label);
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::ParserException& e) {
    const bool known = !e.mark.is_null();
    // yaml-cpp's guard against stack exhaustion says only "bad file"; say what is wrong.
    const bool too_deep = dynamic_cast<const YAML::DeepRecursion*>(&e) != nullptr;
    throw SpecError({Diagnostic{label,
                                known ? e.mark.line + 1 : 0,
                                known ? e.mark.column + 1 : 0,
                                {},
                                too_deep ? "YAML nesting is too deep (lists or maps inside each other)"
                                         : fmt::format("YAML syntax error: {}", e.msg)}});
  }
  if (documents.size() != 1) {
    fail_whole_file(label, fmt::format("holds {} YAML documents; a {} file is exactly one", documents.size(), kind));
  }
  const YAML::Node& root = documents.front();
  if (!root.IsMap()) {
    const YAML::Mark mark = root.Mark();
    const bool known = !mark.is_null();
    throw SpecError(
        {Diagnostic{label,
                    known ? mark.line + 1 : 0,
                    known ? mark.column + 1 : 0,
                    {},
                    fmt::format("expected a map of {} keys at the top level, got {}", kind, detail::describe(root))}});
  }
  return root;
}

std::string read_spec_file(const std::filesystem::path& file, std::string_view kind) {
  const std::string label = file.string();
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (status.type() == std::filesystem::file_type::not_found) fail_whole_file(label, "no such file");
  if (ec) fail_whole_file(label, fmt::format("cannot be read: {}", ec.message()));
  if (status.type() == std::filesystem::file_type::directory) {
    fail_whole_file(label, fmt::format("is a directory, not a {} file", kind));
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) fail_whole_file(label, fmt::format("cannot be read: {}", std::strerror(errno)));
  // Read in chunks up to the limit rather than trusting the size: it may be a pipe or /dev/zero.
  std::string text;
  std::array<char, 1 << 16> chunk;
  while (in.read(chunk.data(), chunk.size()) || in.gcount() > 0) {
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxSpecFileBytes) {
      fail_whole_file(label, fmt::format("is larger than {} MiB; a {} file is a few kilobytes",
                                         kMaxSpecFileBytes >> 20, kind));
    }
  }
  if (in.bad()) fail_whole_file(label, fmt::format("cannot be read: {}", std::strerror(errno)));
  return text;
}

}  // namespace cdsim::spec
