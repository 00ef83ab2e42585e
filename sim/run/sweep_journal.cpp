#include "sim/run/sweep_journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <boost/crc.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <utility>

namespace cdsim::run {
namespace {

constexpr std::uint32_t kRecordMagic = 0x52535343;  // "CSSR"
constexpr const char* kHeaderWord = "cdsim-sweep-journal 1 ";

std::uint32_t crc_of(const unsigned char* bytes, std::size_t n) {
  boost::crc_32_type crc;
  crc.process_bytes(bytes, n);
  return crc.checksum();
}

template <class T>
void put(std::vector<unsigned char>& out, const T& value) {
  const auto* p = reinterpret_cast<const unsigned char*>(&value);
  out.insert(out.end(), p, p + sizeof(T));
}

template <class T>
bool take(const std::vector<unsigned char>& in, std::size_t& at, T& value) {
  if (in.size() - at < sizeof(T)) return false;
  std::memcpy(&value, in.data() + at, sizeof(T));
  at += sizeof(T);
  return true;
}

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& doing, int error = errno,
                       const std::string& then = "") {
  throw std::runtime_error("sweep journal '" + path.string() + "': " + doing + " failed: " + std::strerror(error) +
                           then);
}

}  // namespace

SweepJournal::SweepJournal(std::filesystem::path path, const std::string& fingerprint, std::size_t values_per_task,
                           std::string job)
    : path_(std::move(path)), values_per_task_(values_per_task), job_(std::move(job)) {
  // Locked before it is read: a second sweep writing the same results file at the same time would
  // otherwise append to this journal and write over its results. flock's lock ends with the process,
  // so a killed sweep never leaves its journal locked.
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) fail(path_, "opening");
  try {
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK) fail(path_, "locking");
      throw std::runtime_error("another " + job_ + " is writing these results now (its journal '" + path_.string() +
                               "' is locked): wait for it to finish, or name another file with -o");
    }
    const std::string header = kHeaderWord + fingerprint + "\n";
    const std::size_t keep = read_records(header);
    // A torn last record (the process died while appending) is cut off; new records follow the valid ones.
    if (keep == 0) {
      if (::ftruncate(fd_, 0) != 0 ||
          ::write(fd_, header.data(), header.size()) != static_cast<ssize_t>(header.size()) || ::fsync(fd_) != 0)
        fail(path_, "writing the header");
    } else if (::ftruncate(fd_, static_cast<off_t>(keep)) != 0) {
      fail(path_, "cutting a torn record");
    }
    if (::lseek(fd_, 0, SEEK_END) < 0) fail(path_, "seeking");
  } catch (...) {
    ::close(std::exchange(fd_, -1));  // the destructor does not run for a constructor that throws
    throw;
  }
}

std::size_t SweepJournal::read_records(const std::string& header) {
  std::ifstream in{path_, std::ios::binary};
  const std::vector<unsigned char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (bytes.empty()) return 0;
  const std::string head(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(std::min(bytes.size(), header.size())));
  if (head.rfind(kHeaderWord, 0) != 0)
    throw std::runtime_error("'" + path_.string() + "' is not a " + job_ + " journal; move it away to start the " + job_);
  if (head.size() == header.size() && head != header)
    throw std::runtime_error("'" + path_.string() + "' is the journal of a different " + job_ + " (the " + job_ +
                             " file, its scenario, its data or the program changed); delete it to start again, or "
                             "restore the " + job_ + "'s files");
  if (head != header) return 0;  // a header cut short: nothing was appended yet
  std::size_t keep = header.size(), at = keep;
  for (;;) {
    const std::size_t start = at;
    std::uint32_t magic = 0, count = 0, crc = 0;
    std::uint64_t task = 0;
    if (!take(bytes, at, magic) || magic != kRecordMagic || !take(bytes, at, task) || !take(bytes, at, count) ||
        count != values_per_task_ || bytes.size() - at < count * sizeof(double) + sizeof(crc))
      return keep;
    std::vector<double> values(count);
    std::memcpy(values.data(), bytes.data() + at, count * sizeof(double));
    at += count * sizeof(double);
    take(bytes, at, crc);
    if (crc != crc_of(bytes.data() + start, at - start - sizeof(crc))) return keep;
    done_[task] = std::move(values);
    keep = at;
  }
}

SweepJournal::~SweepJournal() {
  if (fd_ >= 0) ::close(fd_);
}

void SweepJournal::append(std::uint64_t task, const std::vector<double>& values) {
  if (values.size() != values_per_task_) throw std::invalid_argument("SweepJournal::append: wrong number of values");
  std::vector<unsigned char> record;
  put(record, kRecordMagic);
  put(record, task);
  put(record, static_cast<std::uint32_t>(values.size()));
  for (const double v : values) put(record, v);
  put(record, crc_of(record.data(), record.size()));
  std::size_t done = 0;
  while (done < record.size()) {
    const ssize_t n = ::write(fd_, record.data() + done, record.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // A full disk, typically: say what is safe (the torn record is cut off on the next start).
      const int error = n == 0 ? ENOSPC : errno;
      fail(path_, "appending run " + std::to_string(task), error,
           fmt::format("; it keeps the {} run{} finished before: make room and run the same command again to resume",
                       done_.size(), done_.size() == 1 ? "" : "s"));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0) fail(path_, "flushing run " + std::to_string(task));
  done_[task] = values;
}

void SweepJournal::remove() {
  // Unlinked while still locked, so no other sweep can open this journal between the two.
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
}

}  // namespace cdsim::run
