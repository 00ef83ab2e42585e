// Data flow: panels' ImGui draw lists -> [Window] -> the screen, or a PNG for --screenshot.
// Owns GLFW, the OpenGL 3.3 context, ImGui's context, fonts and themes; knows nothing of results.
#pragma once

#include <filesystem>
#include <string>

struct GLFWwindow;

namespace cdsim::viz {

enum class Theme { dark, light };

class Window {
 public:
  /// Opens a `width` x `height` window; `visible` false for headless screenshots. Throws
  /// std::runtime_error when there is no display or no OpenGL 3.3.
  Window(const std::string& title, int width, int height, bool visible);
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;
  ~Window();

  [[nodiscard]] bool should_close() const;
  /// Polls input (or, when `wait`, sleeps until input arrives or `timeout` seconds pass, so an idle
  /// viewer costs no CPU) and starts an ImGui frame.
  void begin_frame(bool wait, double timeout);
  /// Renders the ImGui frame into the back buffer; `present` swaps it to the screen.
  void render();
  void present();
  /// Writes the back buffer (after render(), before present()) to a PNG. Throws on failure.
  void save_png(const std::filesystem::path& out) const;

  /// Text and widget size; 1.5 reads from the back of a room. Fonts are re-rasterised at the new
  /// size (crisp on a projector) before the next frame.
  void set_zoom(float zoom);
  [[nodiscard]] float zoom() const { return zoom_; }
  void set_theme(Theme theme);
  [[nodiscard]] Theme theme() const { return theme_; }

 private:
  void rebuild_fonts();
  void apply_style();

  GLFWwindow* window_ = nullptr;
  float zoom_ = 1.5f;
  Theme theme_ = Theme::dark;
  bool fonts_dirty_ = true;
};

}  // namespace cdsim::viz
