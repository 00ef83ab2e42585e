// `cdsim borough` on the bundled synthetic borough (scenarios/boroughs/example) and on broken copies of
// it: the scenario it makes, and a clear BoroughError naming the file and row or feature for bad input.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include "models/place/population.hpp"
#include "sim/borough/borough.hpp"
#include "sim/borough/csv_table.hpp"
#include "sim/borough/problems.hpp"
#include "sim/spec/defaults.hpp"
#include "sim/spec/load_scenario.hpp"

using namespace cdsim;
namespace fs = std::filesystem;

namespace {

const fs::path kExample = fs::path(CDSIM_SCENARIO_DIR) / "boroughs" / "example";

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A scratch folder removed when the test ends.
struct Scratch {
  fs::path dir = fs::temp_directory_path() /
                 ("cdsim_borough_" + std::to_string(getpid()) + "_" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  Scratch() { fs::create_directories(dir); }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary) << text;
    return dir / name;
  }
};

/// `text` with the first `from` replaced by `to` (the test fails when `from` is not there).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

borough::Options example_options(const Scratch& s) {
  borough::Options o;
  o.population = kExample / "population.csv";
  o.deprivation = kExample / "imd.csv";
  o.boundaries = kExample / "boundaries.geojson";
  o.output = s.dir / "example.yaml";
  return o;
}

/// The message of the BoroughError make_borough throws (fails the test when it succeeds).
std::string error_of(const borough::Options& o) {
  try {
    borough::make_borough(o);
  } catch (const borough::BoroughError& e) {
    return e.what();
  }
  FAIL("accepted");
  return {};
}

}  // namespace

TEST_CASE("the example borough becomes a scenario with codes, ages, deciles and outlines", "[borough]") {
  Scratch scratch;
  const auto made = borough::make_borough(example_options(scratch));
  const spec::ScenarioSpec s = spec::parse_scenario(made.yaml, "example.yaml");
  const auto& hoods = s.population.neighbourhoods;
  REQUIRE(hoods.size() == 12);
  CHECK(s.population.size == 21386);
  CHECK(hoods[0].code == "E01990001");
  CHECK(hoods[0].name == "Exampleton 001A");
  CHECK(hoods[0].deprivation_decile == 1);
  for (const auto& n : hoods) {
    INFO(n.code);
    REQUIRE(n.age_shares);
    CHECK(std::accumulate(n.age_shares->begin(), n.age_shares->end(), 0.0) == Approx(1).margin(1e-9));
    REQUIRE(n.outline.size() == 1);
    REQUIRE(n.centroid);
    CHECK(spec::ring_contains(n.outline[0], *n.centroid));
  }
  // The residents built per neighbourhood are exactly the counts of the population file.
  const std::string csv = read(kExample / "population.csv");
  const auto sizes = model::neighbourhood_sizes(s.population);
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  for (std::size_t i = 0; std::getline(lines, line); ++i) {
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string x; std::getline(fields, x, ',');) f.push_back(x);
    CHECK(hoods[i].code == f[2]);
    CHECK(sizes[i] == std::stoll(f[4]));
  }
}

TEST_CASE("per-neighbourhood age shares drive population synthesis", "[borough]") {
  spec::ScenarioSpec s = spec::default_scenario();
  s.population.size = 4000;
  s.population.neighbourhoods.resize(2);
  s.population.neighbourhoods[0].share = s.population.neighbourhoods[1].share = 0.5;
  std::array<double, spec::kAgeBandCount> old{};
  old.back() = 1;  // everyone 90+
  s.population.neighbourhoods[1].age_shares = old;
  const model::World w = model::build_world(s, 0);
  int old_in_first = 0, young_in_second = 0;
  for (std::size_t i = 0; i < 4000; ++i) {
    const int years = w.residents.age_weeks[i] / 52;
    if (w.residents.neighbourhood[i] == 0 && years >= 90) ++old_in_first;
    if (w.residents.neighbourhood[i] == 1 && years < 90) ++young_in_second;
  }
  CHECK(young_in_second == 0);
  CHECK(old_in_first < 100);  // the borough's pyramid: 0.8% are 90+
}

TEST_CASE("grouping areas into wards by a lookup file", "[borough]") {
  Scratch scratch;
  auto o = example_options(scratch);
  o.columns.group_by = (kExample / "lookup.csv").string();
  const auto s = spec::parse_scenario(borough::make_borough(o).yaml, "wards.yaml");
  const auto& hoods = s.population.neighbourhoods;
  REQUIRE(hoods.size() == 4);
  CHECK(hoods[0].code == "E05990001");
  CHECK(hoods[0].name == "Exampleton North");
  CHECK(hoods[0].outline.size() == 3);  // its three areas' outlines
  CHECK(s.population.size == 21386);
}

TEST_CASE("the CSV reader follows RFC 4180", "[borough]") {
  Scratch scratch;
  const auto table = borough::read_csv(
      scratch.write("q.csv", "\xEF\xBB\xBF" "Code,Name,Total\r\nE1,\"Smith, \"\"Old\"\" Town\",\"1,234\"\r\n\r\nE2,Plain,5\r\n"));
  REQUIRE(table.header == std::vector<std::string>{"Code", "Name", "Total"});
  REQUIRE(table.rows.size() == 2);
  CHECK(table.rows[0][1] == "Smith, \"Old\" Town");
  CHECK(borough::parse_count(table.rows[0][2]) == 1234);
  CHECK(table.row_number[1] == 4);  // the blank line 3 counts, as in a spreadsheet
  CHECK_FALSE(borough::parse_count("-3"));
  CHECK_FALSE(borough::parse_count("12,34"));
  CHECK_FALSE(borough::parse_count("abc"));
  CHECK_THROWS_WITH(borough::read_csv(scratch.write("bad.csv", "a,b\n1,\"open\n")), Catch::Contains("not valid CSV"));
  CHECK_THROWS_WITH(borough::read_csv(scratch.write("ragged.csv", "a,b\n1,2,3\n")),
                    Catch::Contains("row 2: has 3 fields, the header has 2"));
}

TEST_CASE("title rows above the header, as published spreadsheets have them, are skipped", "[borough]") {
  Scratch scratch;
  const auto table = borough::read_csv(scratch.write(
      "titled.csv", "Mid-2022 population estimates,,\nSource: Office for National Statistics\n\nCode,Name,Total\n"
                    "E1,One,5\n"));
  REQUIRE(table.header == std::vector<std::string>{"Code", "Name", "Total"});
  REQUIRE(table.rows.size() == 1);
  CHECK(table.row_number[0] == 5);
  // A cell spanning lines, lone carriage returns (old Mac files) and CRLF: rows are named by the line
  // they start on.
  const auto spans = borough::read_csv(scratch.write("spans.csv", "a,b\r\n1,\"two\nlines\"\r\n\r\n3,4\r5,6\n"));
  REQUIRE(spans.rows.size() == 3);
  CHECK(spans.row_number == std::vector<int>{2, 5, 6});
  // The example borough with a title line above each CSV header makes the same scenario.
  borough::Options plain = example_options(scratch), titled = plain;
  titled.population = scratch.write("population.csv", "Mid-2022 LSOA population estimates (synthetic)\n" +
                                                          read(plain.population));
  titled.deprivation = scratch.write("imd.csv", "File 1: index of multiple deprivation,,,,,,,\n" + read(plain.deprivation));
  CHECK(spec::parse_scenario(borough::make_borough(titled).yaml, "titled.yaml") ==
        spec::parse_scenario(borough::make_borough(plain).yaml, "plain.yaml"));
}

TEST_CASE("bad public files are refused naming the file and row or feature", "[borough]") {
  Scratch scratch;
  auto o = example_options(scratch);
  const std::string population = read(kExample / "population.csv");
  const std::string imd = read(kExample / "imd.csv");
  const std::string geo = read(kExample / "boundaries.geojson");

  SECTION("a code without deprivation") {
    o.deprivation = scratch.write("imd.csv", replaced(imd, "\"E01990003\"", "\"E01000003\""));
    const auto e = error_of(o);
    CHECK_THAT(e, Catch::Contains("population.csv: row 4: area E01990003 (Exampleton 002A) has no row in"));
    CHECK_THAT(e, Catch::Contains("2011 LSOA codes"));
  }
  SECTION("a negative count") {
    o.population = scratch.write("pop.csv", replaced(population, "E01990002,Exampleton 001B,1442,", "E01990002,Exampleton 001B,1442,-4"));
    CHECK_THAT(error_of(o), Catch::Contains("pop.csv: row 3 (E01990002): column 'F0': expected a count of residents"));
  }
  SECTION("a duplicate code") {
    o.population = scratch.write("pop.csv", replaced(population, "E01990002", "E01990001"));
    CHECK_THAT(error_of(o), Catch::Contains("pop.csv: row 3: area code E01990001 is listed twice (first at row 2)"));
  }
  SECTION("no code column") {
    o.population = scratch.write("pop.csv", replaced(population, "LSOA 2021 Code", "Something"));
    CHECK_THAT(error_of(o), Catch::Contains("has no column of area codes") && Catch::Contains("--code-column"));
  }
  SECTION("a self-intersecting polygon") {
    // Pull the first area's southern bend far north: its edge crosses the area's own northern edge.
    o.boundaries = scratch.write("b.geojson", replaced(geo, "-2.648,\n       53.527", "-2.648,\n       53.6"));
    CHECK_THAT(error_of(o), Catch::Contains("b.geojson: feature 0 (LSOA21CD E01990001): ring 0 intersects itself"));
  }
  SECTION("a projected crs") {
    o.boundaries = scratch.write("b.geojson", replaced(geo, "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::27700"));
    CHECK_THAT(error_of(o), Catch::Contains("b.geojson: its crs is 'urn:ogc:def:crs:EPSG::27700'"));
  }
  SECTION("projected coordinates without a crs") {
    o.boundaries = scratch.write("b.geojson", replaced(geo, "-2.66,", "358000.5,"));
    CHECK_THAT(error_of(o), Catch::Contains("feature 0 (LSOA21CD E01990001)") && Catch::Contains("WGS84"));
  }
}

TEST_CASE("the scenario loader checks codes, age shares and outlines", "[borough][spec]") {
  const std::string head =
      "name: t\nstart: 2025-04-01\nyears: 1\ninitial: {independent: 0.75, support: 0.22, crisis: 0.03}\n"
      "transitions: {independent_to_support: 0.001, independent_to_crisis: 0.0001, support_to_independent: 0.001,\n"
      "  support_to_crisis: 0.001, crisis_to_support: 0.01, crisis_to_independent: 0.01}\n"
      "population:\n  size: 100\n  neighbourhoods:\n";
  const auto errors = [&](const std::string& hoods) -> std::string {
    try {
      spec::parse_scenario(head + hoods, "s.yaml");
    } catch (const spec::SpecError& e) {
      return e.what();
    }
    return "accepted";
  };
  const std::string square = "[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]";
  CHECK(errors("    - {name: A, code: E1, deprivation_decile: 1, share: 1, outline: " + square + "}\n") == "accepted");
  CHECK_THAT(errors("    - {name: A, code: E1, deprivation_decile: 1, share: 0.5}\n"
                    "    - {name: B, code: E1, deprivation_decile: 1, share: 0.5}\n"),
             Catch::Contains("s.yaml:11:") && Catch::Contains("population.neighbourhoods[1].code: code 'E1' is given to two neighbourhoods"));
  CHECK_THAT(errors("    - {name: A, deprivation_decile: 1, share: 1, outline: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}\n"),
             Catch::Contains("population.neighbourhoods[0].outline: ring 0 intersects itself"));
  CHECK_THAT(errors("    - {name: A, deprivation_decile: 1, share: 1, outline: [[[0, 0], [1, 0], [1, 1]]]}\n"),
             Catch::Contains("ring 0 is not closed"));
  CHECK_THAT(errors("    - {name: A, deprivation_decile: 1, share: 1, outline: [[[358000, 0], [1, 0], [1, 1], [358000, 0]]]}\n"),
             Catch::Contains("outline[0][0][0]: must be between -180 and 180"));
  CHECK_THAT(errors("    - {name: A, deprivation_decile: 1, share: 1, age_shares: [1]}\n"),
             Catch::Contains("age_shares: expected 19 shares"));
  // Emitted and read back unchanged.
  const auto s = spec::parse_scenario(head + "    - {name: A, code: E1, deprivation_decile: 1, share: 1, outline: " + square +
                                          ", age_shares: [0.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}\n",
                                      "s.yaml");
  REQUIRE(s.population.neighbourhoods[0].centroid);
  CHECK((*s.population.neighbourhoods[0].centroid)[0] == Approx(0.5));
  CHECK(spec::parse_scenario(spec::emit_scenario(s), "again.yaml") == s);
}

TEST_CASE("outline geometry: holes, centroids, crossings", "[borough][spec]") {
  const spec::Ring outer{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}};
  const spec::Ring hole{{1, 1}, {1, 3}, {3, 3}, {3, 1}, {1, 1}};
  const spec::Ring island{{1.5, 1.5}, {2.5, 1.5}, {2.5, 2.5}, {1.5, 2.5}, {1.5, 1.5}};
  CHECK_FALSE(spec::check_outline({outer, hole, island}));
  CHECK(spec::outline_holes({outer, hole, island}) == std::vector<bool>{false, true, false});
  const auto c = spec::outline_centroid({outer, hole});
  REQUIRE(c);
  CHECK((*c)[0] == Approx(2));
  // A neighbour sharing an edge is not a hole, whichever corner comes first.
  const spec::Ring right{{4, 0}, {8, 0}, {8, 4}, {4, 4}, {4, 0}};
  CHECK(spec::outline_holes({outer, right}) == std::vector<bool>{false, false});
  CHECK_FALSE(spec::check_outline({outer, right}));
  const spec::Ring crossing{{3, 3}, {6, 3}, {6, 6}, {3, 6}, {3, 3}};
  CHECK(spec::check_outline({outer, crossing}));
  CHECK(spec::check_outline({spec::Ring{{0, 0}, {2, 0}, {1, 0}, {0, 1}, {0, 0}}}));  // folds back on itself
}
