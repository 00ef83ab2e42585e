// Every file cdsim writes (results, sweep results, scenarios, comparison tables) goes through one
// OutputFile: written under a temporary name unique to the process, made durable, renamed over the
// target only when complete. Readers never see a partial file under the real name, and two processes
// writing one path never share a temporary file.
#pragma once

#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cdsim::core {

/// A problem with an output path, named as the user gave it with the reason ("no such folder", "is a
/// folder", "No space left on device"). The command line turns it into exit 1.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One output file being written. Concurrent writers of one path each write their own temporary file
/// (`NAME.XXXXXX.part` in the target's folder, from mkstemps) and the last to finish wins: the file
/// at the path is always one whole run, and each writer's exit code is true to what it did.
class OutputFile {
 public:
  /// Checks the target before any work (its folder exists and is a folder, the target is not a
  /// folder) and creates the temporary file. `what` names the file in messages ("results file").
  /// Throws OutputError.
  OutputFile(std::filesystem::path target, std::string_view what);
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  /// Removes the temporary file unless commit() succeeded.
  ~OutputFile();

  /// Appends bytes; throws OutputError with the system's reason (a full disk, a quota).
  void write(std::span<const unsigned char> bytes);
  void write(std::string_view text);
  /// Makes the bytes durable (fsync), renames the temporary file over the target and makes the rename
  /// durable (fsync of the folder). On failure removes the temporary file and throws OutputError.
  void commit();

  [[nodiscard]] const std::filesystem::path& target() const { return target_; }
  /// The temporary file's name (for the rare message that must name it).
  [[nodiscard]] const std::filesystem::path& temporary() const { return temporary_; }

 private:
  [[noreturn]] void fail(const std::string& doing, int error);
  void discard() noexcept;

  std::filesystem::path target_, temporary_;
  std::string what_;
  int fd_ = -1;
  bool committed_ = false;
};

/// Writes `text` to `target` through an OutputFile.
void write_output(const std::filesystem::path& target, std::string_view text, std::string_view what);

/// Refuses (OutputError, exit 1) an output path that is one of the command's own input files, so no
/// command ever writes over what it reads (`compare a.h5 b.h5 -o b.h5`). Compares the files
/// themselves, not their spellings: a link or `./b.h5` is the same file. Inputs that do not exist are
/// ignored (their reader reports them).
void refuse_overwriting_inputs(const std::filesystem::path& output, std::span<const std::filesystem::path> inputs);

/// Creates the folder an output will go in when it is missing (`cdsim run`'s default output/), or
/// throws OutputError naming the folder and the reason.
void create_output_folder(const std::filesystem::path& output);

}  // namespace cdsim::core
