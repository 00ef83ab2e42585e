#include "viz/app/window.hpp"
#include "viz/panels/fonts.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace cdsim::viz {
namespace {

constexpr float kBaseFontPixels = 14.0f;  // at zoom 1
const char* const kRegularFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const char* const kBoldFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// Latin-1 for £ and accented place names, plus dashes, the minus sign and the ellipsis.
const ImWchar kGlyphs[] = {0x0020, 0x00FF, 0x2013, 0x2014, 0x2026, 0x2026, 0x2212, 0x2212, 0x25B6, 0x25B6, 0};

bool readable(const char* path) {
  if (FILE* f = std::fopen(path, "rb")) {
    std::fclose(f);
    return true;
  }
  return false;
}

ImFont* add_font(const char* path, float pixels) {
  ImGuiIO& io = ImGui::GetIO();
  if (readable(path)) return io.Fonts->AddFontFromFileTTF(path, pixels, nullptr, kGlyphs);
  // No DejaVu (package fonts-dejavu-core): ImGui's built-in bitmap font, scaled.
  ImFontConfig config;
  config.SizePixels = pixels;
  return io.Fonts->AddFontDefault(&config);
}

void dark_colours(ImGuiStyle& s) {
  ImGui::StyleColorsDark(&s);
  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.10f, 0.12f, 1.0f);
  c[ImGuiCol_ChildBg] = ImVec4(0.12f, 0.13f, 0.16f, 1.0f);
  c[ImGuiCol_TitleBg] = c[ImGuiCol_TitleBgActive] = ImVec4(0.14f, 0.16f, 0.20f, 1.0f);
  c[ImGuiCol_Border] = ImVec4(0.25f, 0.27f, 0.32f, 1.0f);
  c[ImGuiCol_Text] = ImVec4(0.93f, 0.94f, 0.96f, 1.0f);
  c[ImGuiCol_TextDisabled] = ImVec4(0.62f, 0.65f, 0.70f, 1.0f);
}

void light_colours(ImGuiStyle& s) {
  ImGui::StyleColorsLight(&s);
  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1.0f);
  c[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  c[ImGuiCol_TitleBg] = c[ImGuiCol_TitleBgActive] = ImVec4(0.88f, 0.89f, 0.91f, 1.0f);
  c[ImGuiCol_Border] = ImVec4(0.75f, 0.76f, 0.79f, 1.0f);
  c[ImGuiCol_Text] = ImVec4(0.08f, 0.09f, 0.11f, 1.0f);
  c[ImGuiCol_TextDisabled] = ImVec4(0.38f, 0.40f, 0.44f, 1.0f);
}

}  // namespace

Window::Window(const std::string& title, int width, int height, bool visible) {
  glfwSetErrorCallback([](int, const char*) {});  // failures surface as exceptions below
  if (!glfwInit()) throw std::runtime_error("cannot open a window: no display (for headless use run under xvfb-run -a)");
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
  window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
  if (!window_) {
    glfwTerminate();
    throw std::runtime_error("cannot create an OpenGL 3.3 window (is a GL driver such as libgl1-mesa-dri installed?)");
  }
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // a facilitator's layout never depends on the last session
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  apply_style();
}

Window::~Window() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

bool Window::should_close() const { return glfwWindowShouldClose(window_) != 0; }

void Window::begin_frame(bool wait, double timeout) {
  if (wait) glfwWaitEventsTimeout(timeout);
  else glfwPollEvents();
  if (fonts_dirty_) rebuild_fonts();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void Window::render() {
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  glViewport(0, 0, w, h);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::present() { glfwSwapBuffers(window_); }

void Window::save_png(const std::filesystem::path& out) const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * h * 3);
  // The back buffer holds the frame until the swap; 1-byte packing because w*3 need not be a multiple of 4.
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // OpenGL's first row is the bottom of the image; PNG's is the top.
  const std::size_t stride = static_cast<std::size_t>(w) * 3;
  std::vector<unsigned char> flipped(pixels.size());
  for (int row = 0; row < h; ++row) {
    std::copy_n(pixels.data() + (h - 1 - row) * stride, stride, flipped.data() + row * stride);
  }
  if (!stbi_write_png(out.c_str(), w, h, 3, flipped.data(), static_cast<int>(stride))) {
    throw std::runtime_error(out.string() + ": cannot write the screenshot");
  }
}

void Window::set_zoom(float zoom) {
  zoom = std::clamp(zoom, 0.75f, 3.0f);
  if (zoom == zoom_) return;
  zoom_ = zoom;
  fonts_dirty_ = true;
  apply_style();
}

void Window::set_theme(Theme theme) {
  theme_ = theme;
  apply_style();
}

void Window::apply_style() {
  ImGuiStyle style;
  if (theme_ == Theme::dark) dark_colours(style);
  else light_colours(style);
  style.WindowRounding = 0.0f;
  style.ChildRounding = 6.0f;
  style.FrameRounding = 4.0f;
  style.GrabRounding = 4.0f;
  style.TabRounding = 4.0f;
  style.WindowBorderSize = 0.0f;
  style.WindowPadding = ImVec2(10, 8);
  style.ItemSpacing = ImVec2(8, 6);
  style.ScaleAllSizes(zoom_);
  ImGui::GetStyle() = style;
}

void Window::rebuild_fonts() {
  ImGuiIO& io = ImGui::GetIO();
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  io.Fonts->Clear();
  const float px = std::round(kBaseFontPixels * zoom_);
  Fonts::regular = add_font(kRegularFont, px);
  Fonts::bold = add_font(kBoldFont, px);
  Fonts::large = add_font(kBoldFont, std::round(px * 1.6f));
  Fonts::huge = add_font(kBoldFont, std::round(px * 3.2f));
  io.FontDefault = Fonts::regular;
  ImGui_ImplOpenGL3_CreateFontsTexture();
  fonts_dirty_ = false;
}

}  // namespace cdsim::viz
