// `cdsim report` on the command line (CLI11), and the command itself: read, compare, lay out, write.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>

#include "sim/cli/option_checks.hpp"
#include "sim/core/output_file.hpp"
#include "sim/record/results.hpp"
#include "sim/report/board_paper.hpp"
#include "sim/report/report.hpp"
#include "sim/report/writers.hpp"
#include "sim/compare/compare.hpp"

namespace fs = std::filesystem;

namespace cdsim::report {
namespace {

enum class Kind { html, pdf };

std::string extension_of(const fs::path& p) {
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e;
}

Kind kind_of(const fs::path& p) { return extension_of(p) == ".pdf" ? Kind::pdf : Kind::html; }

/// The PDF's creation date: SOURCE_DATE_EPOCH when set (reproducible builds), else cairo's own (now).
std::string creation_date() {
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (!epoch || !*epoch) return "";
  char* end = nullptr;
  const long long seconds = std::strtoll(epoch, &end, 10);
  if (*end != '\0' || seconds < 0) return "";
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return text;
}

}  // namespace

CLI::App* add_command(CLI::App& app, Options& o) {
  auto* cmd = app.add_subcommand(
      "report", "A board paper from a comparison: summary, key numbers, charts, map, policies, assumptions (HTML or PDF)");
  cmd->add_option("files", o.files, "BASE.h5 POLICY.h5 [POLICY2.h5 ...]")->required()->expected(2, 100);
  cmd->add_option("-o,--output", o.output, "The paper: .html (one self-contained file) or .pdf (A4)")
      ->required()
      ->type_name("board.html|board.pdf")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            const std::string e = extension_of(text);
            if (e == ".html" || e == ".htm" || e == ".pdf") return {};
            return "'" + text + "' must end in .html, .htm or .pdf (the format follows the name)";
          },
          ""));  // the type name already says it
  cmd->add_option("--discount-rate", o.discount_rate, "Real discount rate a year (Green Book: 0.035), as for compare")
      ->check(cli::number_in(0.0, 1.0));
  cmd->add_option("--title", o.title, "The paper's title (default: \"<policies> against <baseline>\")");
  return cmd;
}

int run_report(const Options& o) {
  const std::vector<fs::path> inputs(o.files.begin(), o.files.end());
  core::refuse_overwriting_inputs(o.output, inputs);
  // Checks the target (its folder exists, it is not a folder) before reading anything.
  core::OutputFile out(o.output, "report");
  // Read and check everything, exactly as `cdsim compare` does, before writing anything.
  const record::Results base = record::read_results(o.files.front());
  std::vector<record::Results> policies;
  std::vector<compare::Comparison> comparisons;
  for (std::size_t k = 1; k < o.files.size(); ++k) {
    policies.push_back(record::read_results(o.files[k]));
    comparisons.push_back(compare::compare(base, policies.back(), o.discount_rate));
  }
  const Document paper = board_paper(base, policies, comparisons, o.title);
  out.write(kind_of(o.output) == Kind::pdf ? write_pdf(paper, creation_date()) : write_html(paper));
  out.commit();
  fmt::print("report: {}\n", o.output.string());
  return 0;
}

}  // namespace cdsim::report
