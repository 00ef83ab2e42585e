#include "viz/panels/colour_scale.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace cdsim::viz {
namespace {

struct Rgb {
  float r, g, b;
};

// cividis sampled at 9 even stops (Nuñez, Anderton & Renslow 2018, as in matplotlib).
constexpr std::array<Rgb, 9> kCividis{{{0.000f, 0.135f, 0.305f}, {0.153f, 0.212f, 0.424f}, {0.298f, 0.298f, 0.420f},
                                       {0.413f, 0.384f, 0.435f}, {0.522f, 0.474f, 0.467f}, {0.641f, 0.569f, 0.459f},
                                       {0.766f, 0.669f, 0.424f}, {0.892f, 0.778f, 0.354f}, {0.995f, 0.905f, 0.218f}}};

// Blue -> grey -> orange (after ColorBrewer PuOr/RdBu, avoiding red-green).
constexpr std::array<Rgb, 7> kDiverging{{{0.129f, 0.400f, 0.675f}, {0.404f, 0.663f, 0.812f}, {0.694f, 0.800f, 0.870f},
                                         {0.800f, 0.800f, 0.800f}, {0.992f, 0.784f, 0.580f}, {0.957f, 0.549f, 0.251f},
                                         {0.800f, 0.341f, 0.090f}}};

template <std::size_t N>
ImU32 lookup(const std::array<Rgb, N>& table, double t) {
  t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * (N - 1);
  const auto i = std::min(static_cast<std::size_t>(t), N - 2);
  const float f = static_cast<float>(t - static_cast<double>(i));
  const Rgb& a = table[i];
  const Rgb& b = table[i + 1];
  return ImGui::ColorConvertFloat4ToU32(ImVec4(a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f, 1.0f));
}

}  // namespace

ImU32 sequential_colour(double t) { return lookup(kCividis, t); }

ImU32 diverging_colour(double t) { return lookup(kDiverging, (t + 1.0) / 2.0); }

ImU32 text_colour_on(ImU32 background) {
  const ImVec4 c = ImGui::ColorConvertU32ToFloat4(background);
  const float luminance = 0.2126f * c.x + 0.7152f * c.y + 0.0722f * c.z;
  return luminance > 0.5f ? IM_COL32(20, 20, 25, 255) : IM_COL32(250, 250, 250, 255);
}

}  // namespace cdsim::viz

namespace cdsim::viz {

ImU32 series_colour(const char* name, int index, bool dark) {
  struct Named {
    const char* name;
    ImU32 on_dark;
    ImU32 on_light;
  };
  static constexpr Named kNamed[] = {
      {"independent", IM_COL32(86, 180, 233, 255), IM_COL32(0, 114, 178, 255)},
      {"support", IM_COL32(230, 159, 0, 255), IM_COL32(200, 130, 0, 255)},
      {"crisis", IM_COL32(224, 122, 176, 255), IM_COL32(180, 70, 130, 255)},
      {"council", IM_COL32(86, 180, 233, 255), IM_COL32(0, 114, 178, 255)},
      {"council_adult_care", IM_COL32(86, 180, 233, 255), IM_COL32(0, 114, 178, 255)},
      {"council_children", IM_COL32(230, 159, 0, 255), IM_COL32(200, 130, 0, 255)},
      {"police", IM_COL32(150, 150, 230, 255), IM_COL32(60, 60, 170, 255)},
      {"nhs", IM_COL32(0, 178, 130, 255), IM_COL32(0, 140, 100, 255)},
  };
  static constexpr ImU32 kOthers[] = {IM_COL32(240, 228, 66, 255), IM_COL32(213, 94, 0, 255), IM_COL32(204, 121, 167, 255),
                                      IM_COL32(0, 158, 115, 255)};
  for (const auto& n : kNamed) {
    if (std::string_view(n.name) == name) return dark ? n.on_dark : n.on_light;
  }
  return kOthers[static_cast<std::size_t>(index) % std::size(kOthers)];
}

}  // namespace cdsim::viz
