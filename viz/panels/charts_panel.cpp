#include "viz/panels/charts_panel.hpp"

#include <algorithm>

#include "viz/panels/chart.hpp"
#include "viz/panels/colour_scale.hpp"

namespace cdsim::viz {
namespace {

std::string agency_name(const std::string& a) {
  if (a == "nhs") return "NHS";
  std::string words = a;
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

/// The children's-services statuses in the order the tab draws them (largest stock last).
constexpr const char* kChildrenSeries[] = {"looked_after", "child_protection_plan", "child_in_need"};

}  // namespace

void ChartsPanel::refresh(const ViewState& vs) {
  if (cache_.generation == vs.generation && cache_.selected == vs.selected) return;
  cache_ = Cache{};
  cache_.generation = vs.generation;
  cache_.selected = vs.selected;
  const auto fill = [&](const record::Results& r, std::vector<Series>& residents, Series& crisis,
                        std::vector<Series>& requests, std::vector<Series>& care_homes, std::vector<Series>& cost,
                        std::vector<Series>& children, std::vector<Series>& police) {
    const int n = vs.selected < r.neighbourhood_count() ? vs.selected : -1;
    for (int s = 0; s < r.state_count(); ++s) residents.push_back(residents_in_state(r, s, n));
    crisis = crisis_entries_per_month(r);
    for (int o = 0; o < static_cast<int>(r.request_outcomes.size()); ++o) requests.push_back(requests_per_month(r, o));
    if (!r.care_home_ages.empty()) {
      care_homes = {care_home_residents(r), care_home_waiting(r), care_home_admissions_per_month(r)};
    }
    for (const auto& agency : r.agencies()) cost.push_back(cost_per_month(r, agency));
    for (const char* status : kChildrenSeries)
      if (auto s = variable_series(r, status, n)) children.push_back(std::move(*s));
    if (auto s = variable_per_month(r, "police_incidents", n)) police.push_back(std::move(*s));
  };
  fill(*vs.a, cache_.residents_a, cache_.crisis_a, cache_.requests_a, cache_.care_homes_a, cache_.cost_a,
       cache_.children_a, cache_.police_a);
  if (vs.b) {
    fill(*vs.b, cache_.residents_b, cache_.crisis_b, cache_.requests_b, cache_.care_homes_b, cache_.cost_b,
         cache_.children_b, cache_.police_b);
    cache_.net = cumulative_cost_difference(*vs.a, *vs.b);
  }
}

void ChartsPanel::draw_tab(ViewState& vs, Tab tab, ImVec2 size) {
  const record::Results& a = *vs.a;
  const bool compare = vs.comparing();
  const std::string place = vs.selected >= 0 ? a.neighbourhoods[vs.selected].name : "whole borough";
  ChartSpec spec;
  spec.start = a.start;
  spec.cursor_days = a.time_days[vs.clock.week()];
  spec.markers = a.scenario.policies;
  std::vector<ChartLine> lines;
  const auto suffix = [&](char letter) { return compare ? std::string(" (") + letter + ")" : std::string(); };
  // One line per series of A, coloured by its label and named by `name_of` it, and B's dashed twin
  // when comparing.
  const auto add_series = [&](const std::vector<Series>& in_a, const std::vector<Series>& in_b, auto name_of) {
    for (std::size_t i = 0; i < in_a.size(); ++i) {
      const std::string& label = in_a[i].label;
      const ImU32 c = series_colour(label.c_str(), static_cast<int>(i), vs.dark);
      lines.push_back({&in_a[i], name_of(label) + suffix('A'), c, false});
      if (compare && i < in_b.size()) lines.push_back({&in_b[i], name_of(label) + suffix('B'), c, true});
    }
  };

  switch (tab) {
    case Tab::residents: {
      spec.id = "##residents";
      spec.title = "Residents by state";
      spec.subtitle = place;
      for (std::size_t s = 0; s < cache_.residents_a.size(); ++s) {
        if (a.states[s] == "independent" && !show_independent_) continue;
        const ImU32 c = series_colour(a.states[s].c_str(), static_cast<int>(s), vs.dark);
        lines.push_back({&cache_.residents_a[s], a.states[s] + suffix('A'), c, false});
        if (compare && s < cache_.residents_b.size()) lines.push_back({&cache_.residents_b[s], a.states[s] + suffix('B'), c, true});
      }
      break;
    }
    case Tab::crisis_entries:
      spec.id = "##crisis";
      spec.title = "Crisis entries per month";
      spec.subtitle = vs.selected >= 0 ? "whole borough (recorded for the borough only)" : "whole borough";
      lines.push_back({&cache_.crisis_a, "crisis entries" + suffix('A'), series_colour("crisis", 0, vs.dark), false});
      if (compare) lines.push_back({&cache_.crisis_b, "crisis entries" + suffix('B'), series_colour("crisis", 0, vs.dark), true});
      break;
    case Tab::requests:
      spec.id = "##requests";
      spec.title = "Requests for support per month, by sequel";
      spec.subtitle = vs.selected >= 0 ? "whole borough (recorded for the borough only)" : "whole borough";
      add_series(cache_.requests_a, cache_.requests_b, [](std::string sequel) {
        std::replace(sequel.begin(), sequel.end(), '_', ' ');
        return sequel;
      });
      break;
    case Tab::care_homes:
      spec.id = "##care_homes";
      spec.title = "Care homes: residents aged 65+, waiting list, admissions per month";
      spec.subtitle = vs.selected >= 0 ? "whole borough (recorded for the borough only)" : "whole borough";
      add_series(cache_.care_homes_a, cache_.care_homes_b, [](const std::string& what) { return what; });
      break;
    case Tab::cost: {
      spec.id = "##cost";
      spec.title = "Cost by agency per month";
      spec.subtitle = vs.selected >= 0 ? "whole borough (recorded for the borough only)" : "whole borough";
      spec.format = AxisFormat::pounds;
      add_series(cache_.cost_a, cache_.cost_b, agency_name);
      break;
    }
    case Tab::children:
      spec.id = "##children";
      spec.title = "Children's social care (expected children)";
      spec.subtitle = place;
      add_series(cache_.children_a, cache_.children_b, agency_name);
      break;
    case Tab::police:
      spec.id = "##police";
      spec.title = "Police incidents linked to need and crisis, per month";
      spec.subtitle = place;
      for (std::size_t i = 0; i < cache_.police_a.size(); ++i) {
        const ImU32 c = series_colour("police", 0, vs.dark);
        lines.push_back({&cache_.police_a[i], "incidents" + suffix('A'), c, false});
        if (compare && i < cache_.police_b.size()) lines.push_back({&cache_.police_b[i], "incidents" + suffix('B'), c, true});
      }
      break;
    case Tab::uncertainty:  // not a chart over time: the chance of payback and the tornado
      uncertainty_.draw(vs, size);
      return;
    case Tab::net_cost:
      spec.id = "##net";
      spec.title = "Cumulative cost, B minus A";
      spec.subtitle = "below zero: B saves money";
      spec.format = AxisFormat::pounds;
      lines.push_back({&cache_.net, "B \xE2\x88\x92 A, all agencies and policy spend", series_colour("other", 1, vs.dark), false});
      break;
  }
  if (const auto day = draw_chart(spec, lines, size)) {
    // Click a chart to jump there: the nearest time entry at or after that day.
    const auto& days = a.time_days;
    const auto it = std::lower_bound(days.begin(), days.end(), static_cast<int>(*day));
    vs.clock.pause();
    vs.clock.seek(static_cast<int>(std::min<std::ptrdiff_t>(it - days.begin(), static_cast<std::ptrdiff_t>(days.size()) - 1)));
  }
}

void ChartsPanel::draw(ViewState& vs, ImVec2 size) {
  refresh(vs);
  const ImVec2 start = ImGui::GetCursorScreenPos();
  if (!ImGui::BeginTabBar("charts")) return;
  const struct {
    Tab tab;
    const char* label;
  } tabs[] = {{Tab::residents, "Residents"}, {Tab::crisis_entries, "Crisis entries"}, {Tab::requests, "Requests"},
              {Tab::care_homes, "Care homes"}, {Tab::cost, "Cost"}, {Tab::children, "Children"},
              {Tab::police, "Police"}, {Tab::net_cost, "Net cost B \xE2\x88\x92 A"}, {Tab::uncertainty, "Uncertainty"}};
  for (const auto& t : tabs) {
    if ((t.tab == Tab::net_cost || t.tab == Tab::uncertainty) && !vs.comparing()) continue;
    if (t.tab == Tab::requests && cache_.requests_a.empty()) continue;  // a file from before requests were recorded
    if (t.tab == Tab::care_homes && cache_.care_homes_a.empty()) continue;  // a scenario without care homes
    if (t.tab == Tab::children && cache_.children_a.empty()) continue;  // files from before format 2
    if (t.tab == Tab::police && cache_.police_a.empty()) continue;
    const ImGuiTabItemFlags flags = requested_ == t.tab ? ImGuiTabItemFlags_SetSelected : 0;
    if (!ImGui::BeginTabItem(t.label, nullptr, flags)) continue;
    if (t.tab == Tab::residents) {
      ImGui::Checkbox("show independent", &show_independent_);
    }
    const float used = ImGui::GetCursorScreenPos().y - start.y;
    shown_ = t.tab;
    draw_tab(vs, t.tab, ImVec2(size.x, size.y - used));
    ImGui::EndTabItem();
  }
  requested_.reset();
  ImGui::EndTabBar();
}

}  // namespace cdsim::viz
