#include "viz/panels/story_panel.hpp"

#include <algorithm>
#include <string>

#include "viz/panels/colour_scale.hpp"

namespace cdsim::viz {

void StoryPanel::draw(const ViewState& vs, ImVec2 size) {
  const record::Results& r = *vs.a;
  if (!r.stories || r.stories->count == 0) {
    ImGui::TextWrapped("%s has no sampled residents to follow.", r.path.filename().c_str());
    ImGui::TextWrapped("Resident stories come from runs that record a sample of residents week by week "
                       "(a `cdsim run --record-residents K` option is planned). Files that have them show "
                       "each resident's weeks here.");
    return;
  }
  const record::Stories& st = *r.stories;
  const float line = ImGui::GetTextLineHeight();
  ImGui::SetNextItemWidth(line * 10);
  ImGui::SliderInt("resident", &story_, 0, st.count - 1);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(line * 8);
  ImGui::SliderInt("replicate", &replicate_, 0, r.replicates - 1);
  story_ = std::clamp(story_, 0, st.count - 1);
  replicate_ = std::clamp(replicate_, 0, r.replicates - 1);
  const auto state_at = [&](int t) {
    return st.state[(static_cast<std::size_t>(replicate_) * r.times() + t) * st.count + story_];
  };

  // One thin bar per week, coloured by state; grey where the resident is not alive.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float w = size.x / static_cast<float>(r.times());
  const float h = line * 1.5f;
  for (int t = 0; t < r.times(); ++t) {
    const int s = state_at(t);
    const ImU32 c = s >= 0 && s < r.state_count() ? series_colour(r.states[s].c_str(), s, vs.dark)
                                                   : ImGui::GetColorU32(ImGuiCol_FrameBg);
    dl->AddRectFilled(ImVec2(p.x + w * t, p.y), ImVec2(p.x + w * (t + 1) + 0.5f, p.y + h), c);
  }
  const float cx = p.x + w * (vs.clock.week() + 0.5f);
  dl->AddLine(ImVec2(cx, p.y - 2), ImVec2(cx, p.y + h + 2), ImGui::GetColorU32(ImGuiCol_Text), 2.0f);
  ImGui::Dummy(ImVec2(size.x, h));

  ImGui::BeginChild("events", ImVec2(0, 0));
  int previous = state_at(0);
  ImGui::Text("%s: %s", r.date_at(0).long_text().c_str(), previous >= 0 ? r.states[previous].c_str() : "not yet born");
  for (int t = 1; t < r.times(); ++t) {
    const int s = state_at(t);
    if (s == previous) continue;
    const char* what = s < 0 ? "died" : r.states[s].c_str();
    ImGui::Text("%s: %s", r.date_at(t).long_text().c_str(), what);
    previous = s;
  }
  ImGui::EndChild();
}

}  // namespace cdsim::viz
