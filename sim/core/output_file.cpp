#include "sim/core/output_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace cdsim::core {

namespace fs = std::filesystem;

namespace {

std::string quoted(const fs::path& p) { return fmt::format("'{}'", p.string()); }

/// The folder a path's file lives in ("." for a bare name).
fs::path folder_of(const fs::path& target) {
  return target.has_parent_path() ? target.parent_path() : fs::path(".");
}

}  // namespace

OutputFile::OutputFile(fs::path target, std::string_view what) : target_(std::move(target)), what_(what) {
  const std::string named = what_ + " " + quoted(target_);
  if (target_.empty()) throw OutputError("no name given for the " + what_);
  std::error_code ec;
  if (fs::is_directory(target_, ec)) {
    throw OutputError("cannot write " + named + ": it is a folder; name a file");
  }
  const fs::path folder = folder_of(target_);
  const auto status = fs::status(folder, ec);
  if (!fs::exists(status)) throw OutputError("cannot write " + named + ": no such folder " + quoted(folder));
  if (!fs::is_directory(status)) throw OutputError("cannot write " + named + ": " + quoted(folder) + " is not a folder");

  // In the target's folder, so the rename never crosses file systems; unique to this process, so a
  // second writer of the same path never truncates or renames this one's bytes.
  std::string pattern = (folder / (target_.filename().string() + ".XXXXXX.part")).string();
  fd_ = ::mkstemps(pattern.data(), 5);
  if (fd_ < 0) throw OutputError("cannot create " + named + ": " + std::strerror(errno));
  temporary_ = pattern;
  // mkstemps creates the file private (0600); a results file is as readable as any other file the
  // user makes.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd_, 0666 & ~mask);
}

OutputFile::~OutputFile() {
  if (!committed_) discard();
}

void OutputFile::discard() noexcept {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  if (!temporary_.empty()) {
    std::error_code ignored;
    fs::remove(temporary_, ignored);
  }
}

void OutputFile::fail(const std::string& doing, int error) {
  discard();
  throw OutputError(doing + " " + what_ + " " + quoted(target_) + ": " + std::strerror(error));
}

void OutputFile::write(std::span<const unsigned char> bytes) {
  if (fd_ < 0) throw std::logic_error("OutputFile::write after commit");
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("writing", errno);
    if (n == 0) fail("writing", ENOSPC);
    done += static_cast<std::size_t>(n);
  }
}

void OutputFile::write(std::string_view text) {
  write(std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
}

void OutputFile::commit() {
  if (fd_ < 0) throw std::logic_error("OutputFile::commit called twice");
  // A full disk can surface only here, when the file system allocates the bytes it accepted.
  if (::fsync(fd_) != 0) fail("writing", errno);
  if (::close(std::exchange(fd_, -1)) != 0) fail("writing", errno);
  // The rename is what makes the file appear: atomic, so a reader sees the old file or the new one.
  if (::rename(temporary_.c_str(), target_.c_str()) != 0) fail("cannot replace", errno);
  committed_ = true;
  // Makes the rename itself survive a power cut; a folder that cannot be opened or synced (some
  // network file systems) loses nothing that the rename has not already done.
  const int dir = ::open(folder_of(target_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

void write_output(const fs::path& target, std::string_view text, std::string_view what) {
  OutputFile file(target, what);
  file.write(text);
  file.commit();
}

void refuse_overwriting_inputs(const fs::path& output, std::span<const fs::path> inputs) {
  for (const auto& input : inputs) {
    std::error_code ec;
    if (fs::equivalent(output, input, ec) && !ec) {
      throw OutputError("the output " + quoted(output) + " is the input " + quoted(input) +
                        ": writing it would replace what this command reads; name another file with -o");
    }
  }
}

void create_output_folder(const fs::path& output) {
  if (!output.has_parent_path()) return;
  std::error_code ec;
  fs::create_directories(output.parent_path(), ec);
  if (ec) {
    throw OutputError("cannot create the folder " + quoted(output.parent_path()) + " for " + quoted(output) + ": " +
                      ec.message());
  }
}

}  // namespace cdsim::core
