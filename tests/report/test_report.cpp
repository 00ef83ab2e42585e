// cdsim report: the paper's numbers are compare's, its parts come in a board's order, its grades and
// caveats are the docs', its charts are inline-ready SVG, and both writers produce their format.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <regex>

#include "sim/report/board_paper.hpp"
#include "sim/report/evidence.hpp"
#include "sim/report/writers.hpp"
#include "sim/compare/compare.hpp"

using namespace cdsim;

namespace {

/// Two years of weekly results, two replicates, two neighbourhoods; `better` spends £50 a week to
/// save the council £100 a week and keep one resident out of crisis.
record::Results hand_made(const std::string& name, bool better) {
  record::Results r;
  r.path = name + ".h5";
  r.scenario_name = name;
  r.cdsim_version = "test";
  r.seed = 42;
  r.replicates = 2;
  r.start = {2025, 4, 1};
  for (int t = 0; t <= 104; ++t) r.time_days.push_back(7 * t);
  r.neighbourhoods = {{"North", 0, 0, 2, {}, {}, {}}, {"South", 1, 0, 7, {}, {}, {}}};
  r.states = {"independent", "support", "crisis"};
  r.cost_categories = {"home_care", "ae"};
  r.cost_agencies = {"council", "nhs"};
  const std::size_t T = r.time_days.size(), N = 2;
  r.residents.assign(2 * T * N * 3, 0);
  r.transitions.assign(2 * T * 9, 0);
  r.cost.assign(2 * T * 2, 0);
  r.policies = {"fund"};
  r.policy_spend.assign(2 * T, 0);
  for (std::size_t k = 0; k < 2; ++k) {
    for (std::size_t t = 0; t < T; ++t) {
      for (std::size_t n = 0; n < N; ++n) {
        r.residents[((k * T + t) * N + n) * 3 + 0] = 900;
        r.residents[((k * T + t) * N + n) * 3 + 1] = 80;
        r.residents[((k * T + t) * N + n) * 3 + 2] = 20 + static_cast<int>(k) - (better && t > 0 && n == 0 ? 1 : 0);
      }
      if (t == 0) continue;
      r.transitions[((k * T + t) * 3 + 1) * 3 + 2] = 3 - (better ? 1 : 0);
      r.cost[(k * T + t) * 2 + 0] = 1000 - (better ? 100 : 0) + static_cast<double>(k);
      r.cost[(k * T + t) * 2 + 1] = 500;
      r.policy_spend[k * T + t] = better ? 50 : 0;
    }
  }
  return r;
}

const report::Table* table_named(const report::Document& d, const std::string& id) {
  for (const auto& s : d.sections)
    for (const auto& b : s.blocks)
      if (const auto* t = std::get_if<report::Table>(&b); t && t->id == id) return t;
  return nullptr;
}

std::string data_of(const report::Cell& c, const std::string& name) {
  for (const auto& [k, v] : c.data)
    if (k == name) return v;
  return "";
}

}  // namespace

TEST_CASE("report: key numbers are compare's, to the last bit and as its table shows them", "[report]") {
  const record::Results base = hand_made("base", false);
  const std::vector<record::Results> policies{hand_made("fund", true)};
  const std::vector<compare::Comparison> comparisons{compare::compare(base, policies[0])};
  const report::Document d = report::board_paper(base, policies, comparisons);
  const report::Table* key = table_named(d, "key-numbers");
  REQUIRE(key != nullptr);
  REQUIRE(key->rows.size() == comparisons[0].measures.size());
  for (std::size_t k = 0; k < key->rows.size(); ++k) {
    const compare::Measure& m = comparisons[0].measures[k];
    INFO(m.name);
    const report::Cell& cell = key->rows[k][1];
    CHECK(data_of(cell, "measure") == m.name);
    CHECK(data_of(cell, "scenario") == "fund");
    REQUIRE(m.defined);
    CHECK(std::stod(data_of(cell, "mean")) == m.value.mean);
    CHECK(std::stod(data_of(cell, "low")) == m.value.low);
    CHECK(std::stod(data_of(cell, "high")) == m.value.high);
    CHECK(cell.text.rfind(fmt::format("{} (90% interval {} to {})", compare::format_value(m, m.value.mean),
                                      compare::format_value(m, m.value.low), compare::format_value(m, m.value.high)),
                          0) == 0);
  }
  // The summary quotes the same text for the net saving.
  const auto& summary = std::get<report::Paragraph>(d.sections[0].blocks[0]).text;
  for (const auto& m : comparisons[0].measures) {
    if (m.name == "net_saving") CHECK(summary.find(compare::format_value(m, m.value.mean)) != std::string::npos);
  }
  CHECK(summary.find("no uncertainty about the model's parameters") != std::string::npos);
}

TEST_CASE("report: the parts come in the order a board reads them, and both formats are written", "[report]") {
  const record::Results base = hand_made("base", false);
  const std::vector<record::Results> policies{hand_made("fund", true), hand_made("fund2", true)};
  const std::vector<compare::Comparison> comparisons{compare::compare(base, policies[0]), compare::compare(base, policies[1])};
  const report::Document d = report::board_paper(base, policies, comparisons);
  std::vector<std::string> headings;
  for (const auto& s : d.sections) headings.push_back(s.heading);
  CHECK(headings == std::vector<std::string>{"Summary", "Key numbers", "Over time", "Where the change falls",
                                             "The policies as scheduled", "The assumptions that drive the answer",
                                             "Read it honestly"});
  CHECK(table_named(d, "key-numbers")->header.size() == 3);  // one column per policy
  int figures = 0;
  for (const auto& s : d.sections) {
    for (const auto& b : s.blocks) {
      const auto* f = std::get_if<report::Figure>(&b);
      if (!f) continue;
      ++figures;
      CHECK_FALSE(f->text.empty());  // every chart has a text alternative
      if (const auto* line = std::get_if<report::LineChart>(&f->chart)) {
        CHECK_FALSE(line->lines.empty());
        for (const auto& l : line->lines) CHECK(l.band.mean.size() == base.time_days.size());
      }
      if (const auto* map = std::get_if<report::MapChart>(&f->chart)) {
        REQUIRE(map->panels.size() == 2);
        CHECK(map->panels[0].values == std::vector<double>{-104, 0});  // North: one fewer in crisis, every week
      }
    }
  }
  CHECK(figures == 3);

  const std::string html = report::write_html(d);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("http") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<svg viewBox") != std::string::npos);
  const std::string pdf = report::write_pdf(d, "2025-01-01T00:00:00");
  CHECK(pdf.rfind("%PDF-", 0) == 0);
  CHECK(pdf.find("/MediaBox [ 0 0 595.27") != std::string::npos);  // A4
  CHECK(report::write_pdf(d, "2025-01-01T00:00:00") == pdf);
}

TEST_CASE("report: evidence grades and caveats are read from the docs built in", "[report]") {
  const auto docs = report::parameter_docs(report::embedded_parameters_md());
  const auto grades = [&](const std::string& key) {
    const auto d = report::find_parameter(docs, key);
    return d ? d->grades : std::vector<std::string>{"(missing)"};
  };
  CHECK(grades("transitions.support_to_crisis") == std::vector<std::string>{"DERIVED", "SEED-UNVERIFIED"});
  CHECK(grades("transitions.crisis_to_independent") == std::vector<std::string>{"ASSUMPTION"});
  CHECK(grades("place_based_team.fte") == std::vector<std::string>{"ASSUMPTION"});
  CHECK(grades("community_investment_fund.budget") == std::vector<std::string>{"LA/PRESS"});
  CHECK(grades("fertility.max_age").empty());  // "ONS convention": documented, no grade
  CHECK(report::find_parameter(docs, "place_based_team.fte")->meaning == "per target neighbourhood");
  CHECK_FALSE(report::find_parameter(docs, "no_such.key"));

  const auto honest = report::caveats(report::embedded_strategy_guide_md());
  REQUIRE(honest.size() >= 4);
  CHECK(honest[0].rfind("Intervals are over replicates", 0) == 0);
  for (const auto& c : honest) CHECK(c.find("**") == std::string::npos);
  CHECK(report::plain_text("**Lags** are `real`, see [model.md](model.md).") == "Lags are real, see model.md.");
}

TEST_CASE("report: a chart's SVG is ready to inline: own ids, no namespaces or addresses, a title", "[report]") {
  report::LineChart chart{"Residents in crisis", report::Unit::count, {2025, 4, 1}, {}, false};
  chart.lines.push_back({"a", report::file_colour(0), {0, 7, 14}, {{10, 12, 11}, {9, 11, 10}, {11, 13, 12}}});
  const std::string svg = report::chart_svg(chart, 480, 200, "c7-", "A & B");
  CHECK(svg.rfind("<svg viewBox=\"0 0 480 200\"", 0) == 0);
  CHECK(svg.find("<title id=\"c7-title\">A &amp; B</title>") != std::string::npos);
  CHECK(svg.find("<?xml") == std::string::npos);
  CHECK(svg.find("http") == std::string::npos);
  const std::regex id("id=\"([^\"]*)\""), ref("(?:href=\"#|url\\(#)([^\")]*)");
  int ids = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), id); it != std::sregex_iterator(); ++it, ++ids)
    CHECK((*it)[1].str().rfind("c7-", 0) == 0);
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), ref); it != std::sregex_iterator(); ++it)
    CHECK((*it)[1].str().rfind("c7-", 0) == 0);
  CHECK(ids > 1);  // glyphs at least: the labels are drawn
}
