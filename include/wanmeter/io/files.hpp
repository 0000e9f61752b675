#pragma once
// Writing a run's artifacts safely: the run folder is replaced as a whole, so that it always holds
// one run's complete set (report.json, summary.md and the charts from the same run), whatever
// other runs of the same run id do at the same time and wherever a run is killed.
//
// Steps of `write_folder_atomically(".../static_analysis/wan2_1", {{"report.json", text}, ...})`:
//   1. create the parent folders that are missing (`.../static_analysis`);
//   2. take the writers' lock: flock(2) on `.wan2_1.lock` beside the folder, so that writers of
//      the same folder take turns (the lock file is removed again by its holder; a waiter that
//      finds its file removed or replaced retries on the new one);
//   3. remove what dead writers left beside the folder (`.wan2_1.tmp-<pid>-<n>`: a writer holds
//      the lock while such a folder exists, so one seen under the lock is a leftover), and put
//      back `.wan2_1.old-<pid>-<n>` when the folder itself is missing (a writer died between the
//      two renames of step 6's fallback);
//   4. check the folder holds only artifacts (the names being written, report.json, summary.md,
//      roofline.svg, stage_times.svg, as files or links): anything else (a sub-folder, a user's
//      file) is never deleted, the call fails instead;
//   5. write a fresh folder `.wan2_1.tmp-<pid>-<n>`: every file created exclusively (O_EXCL,
//      never following a link), written, fsync'ed; then the folder fsync'ed;
//   6. swap it in: without an old folder, rename(2); with one, renameat2(RENAME_EXCHANGE) (Linux
//      3.15+), which exchanges the two in one step, then remove the old set (now under the
//      temporary name). Where the exchange is not supported (ENOSYS, EINVAL: some file systems),
//      two renames: the old folder to `.wan2_1.old-<pid>-<n>`, the new one into place; step 3 of
//      the next writer repairs a kill between the two;
//   7. fsync the parent folder; remove the lock file; unlock.
// A kill at any point leaves either the old complete set or the new one under the folder's name,
// plus at most a temporary folder that the next writer removes (step 3). A failure throws
// `io_error` naming the path and the reason, after removing its temporary folder and the folders
// of step 1 (when empty); the old folder is never touched before step 6.
//
// Ignore SIGXFSZ in a program that calls this (the wanmeter executable does), so that a file
// size limit (`ulimit -f`) is an EFBIG error reported here instead of a kill.
//
// Tests inject failures and kills through the `write_fault_hook` parameter
// (test/runtime/atomic_write_tests.cpp; the executable's test-only WANMETER_TEST_KILL_AT).

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

namespace wanmeter {

/// A file or folder that could not be written; the message names the path and the reason.
class io_error : public std::runtime_error {
public:
  io_error(const std::filesystem::path& path, std::string_view what)
      : std::runtime_error("wanmeter: cannot write " + path.string() + ": " + std::string(what)) {}
};

/// One file of a run folder: its name inside the folder and its content.
struct folder_file {
  std::string name;
  std::string_view text;
};

/// The points of `write_folder_atomically` where a test can inject a failure or a kill.
enum class write_step : unsigned char {
  temporary_written,      ///< file `index` of the fresh folder is written and closed
  folder_complete,        ///< the fresh folder is complete and synced; nothing is swapped yet
  swapped,                ///< the fresh folder is in place; the old set is still beside it
  swapped_by_two_renames, ///< fallback: the old folder is renamed away, the new one not yet in
};

/// Fault injection for tests: called at each `write_step`; throwing from it (normally an
/// `io_error`) simulates a failure at that point, killing the process a crash. Production
/// callers pass nothing.
using write_fault_hook = void (*)(write_step step, std::size_t index);

/// How `write_folder_atomically` swaps the folder in (tests force the fallback).
enum class swap_method : unsigned char {
  exchange,    ///< renameat2(RENAME_EXCHANGE) where supported, else two renames
  two_renames, ///< always the fallback of step 6
};

namespace detail {

/// The artifact names a run folder may hold (step 4) besides the ones being written.
inline constexpr std::array<std::string_view, 4> artifact_names{"report.json", "summary.md", "roofline.svg",
                                                                 "stage_times.svg"};

inline std::string errno_text(int e) { return std::strerror(e); }

/// A name unique to this process and call: `<pid>-<n>`.
inline std::string unique_suffix() {
  static std::atomic<unsigned long> counter{0};
  return std::to_string(static_cast<long long>(::getpid())) + "-" + std::to_string(++counter);
}

inline void fsync_path(const std::filesystem::path& p, int flags) {
  const int fd = ::open(p.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw io_error(p, "cannot open to sync: " + errno_text(errno));
  const int rc = ::fsync(fd);
  const int e = errno;
  ::close(fd);
  // Some file systems cannot sync a folder (EINVAL): the data files are synced already.
  if (rc != 0 && e != EINVAL) throw io_error(p, "fsync failed: " + errno_text(e));
}

/// Writes `text` to the new file `path` (O_EXCL, O_NOFOLLOW) and syncs it; errors name `shown`
/// (the file's final path). SIGXFSZ must be ignored for a size limit to come back as EFBIG.
inline void write_new_file(const std::filesystem::path& path, std::string_view text,
                           const std::filesystem::path& shown) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) throw io_error(shown, errno_text(errno));
  std::size_t done = 0;
  while (done < text.size()) {
    const ::ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int e = n < 0 ? errno : EIO;
      ::close(fd);
      throw io_error(shown, "write failed: " + errno_text(e));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int e = errno;
    ::close(fd);
    throw io_error(shown, "fsync failed: " + errno_text(e));
  }
  if (::close(fd) != 0) throw io_error(shown, "close failed: " + errno_text(errno));
}

/// rename(2) that swaps two existing entries in one step; false where not supported.
inline bool exchange(const std::filesystem::path& a, const std::filesystem::path& b) {
#if defined(__linux__) && defined(SYS_renameat2)
  constexpr unsigned int rename_exchange = 1U << 1U; // RENAME_EXCHANGE
  if (::syscall(SYS_renameat2, AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), rename_exchange) == 0) return true;
  if (errno == ENOSYS || errno == EINVAL || errno == ENOTSUP) return false;
  throw io_error(b, "cannot swap in the new folder: " + errno_text(errno));
#else
  (void)a;
  (void)b;
  return false;
#endif
}

/// The folders `create_directories(dir)` would create, deepest first.
inline std::vector<std::filesystem::path> missing_folders(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> missing;
  std::error_code ec;
  for (std::filesystem::path p = dir; !p.empty(); p = p.parent_path()) {
    if (std::filesystem::exists(std::filesystem::symlink_status(p, ec))) break;
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  return missing;
}

/// flock(2) on `path`, held until destruction; the holder removes the file when it lets go.
class folder_lock {
public:
  explicit folder_lock(std::filesystem::path path) : path_(std::move(path)) {
    for (int attempt = 0;; ++attempt) {
      fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
      if (fd_ < 0) {
        // The folder was removed by a writer that failed: the caller creates it again.
        if (errno == ENOENT) throw std::system_error(ENOENT, std::generic_category());
        throw io_error(path_, "cannot create the lock file: " + errno_text(errno));
      }
      while (::flock(fd_, LOCK_EX) != 0) {
        if (errno != EINTR) {
          const int e = errno;
          ::close(fd_);
          throw io_error(path_, "cannot lock: " + errno_text(e));
        }
      }
      // The previous holder may have removed (or a later one re-created) the file meanwhile:
      // the lock counts only on the file that is still at `path`.
      struct ::stat held {};
      struct ::stat named {};
      if (::fstat(fd_, &held) == 0 && ::lstat(path_.c_str(), &named) == 0 && held.st_dev == named.st_dev &&
          held.st_ino == named.st_ino) {
        return;
      }
      ::close(fd_);
      if (attempt > 1000) throw io_error(path_, "cannot take the lock: the lock file keeps changing");
    }
  }
  folder_lock(const folder_lock&) = delete;
  folder_lock& operator=(const folder_lock&) = delete;
  ~folder_lock() {
    ::unlink(path_.c_str());
    ::close(fd_);
  }

private:
  std::filesystem::path path_;
  int fd_ = -1;
};

inline bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

/// Step 3: removes dead writers' temporaries; puts an old folder back when the folder is missing.
inline void clean_leftovers(const std::filesystem::path& folder) {
  const std::filesystem::path parent = folder.parent_path();
  const std::string tmp_prefix = "." + folder.filename().string() + ".tmp-";
  const std::string old_prefix = "." + folder.filename().string() + ".old-";
  std::error_code ec;
  std::vector<std::filesystem::path> temporaries, olds;
  for (const auto& e : std::filesystem::directory_iterator(parent, ec)) {
    const std::string name = e.path().filename().string();
    if (starts_with(name, tmp_prefix)) temporaries.push_back(e.path());
    if (starts_with(name, old_prefix)) olds.push_back(e.path());
  }
  for (const auto& t : temporaries) std::filesystem::remove_all(t, ec);
  std::sort(olds.begin(), olds.end());
  for (const auto& o : olds) {
    if (!std::filesystem::exists(std::filesystem::symlink_status(folder, ec))) {
      std::filesystem::rename(o, folder, ec);
      if (!ec) continue;
    }
    std::filesystem::remove_all(o, ec);
  }
}

/// Step 4: the folder (when it exists) holds nothing but artifacts.
inline void require_only_artifacts(const std::filesystem::path& folder, const std::vector<folder_file>& files) {
  std::error_code ec;
  const auto st = std::filesystem::symlink_status(folder, ec);
  if (!std::filesystem::exists(st)) return;
  if (std::filesystem::is_symlink(st)) {
    throw io_error(folder, "a link: the run folder is replaced as a whole, so it must be a folder, not a link to one");
  }
  if (!std::filesystem::is_directory(st)) throw io_error(folder, "not a directory");
  for (const auto& e : std::filesystem::directory_iterator(folder, ec)) {
    const std::string name = e.path().filename().string();
    const bool known = std::find(artifact_names.begin(), artifact_names.end(), name) != artifact_names.end() ||
                       std::any_of(files.begin(), files.end(), [&](const folder_file& f) { return f.name == name; });
    const auto t = e.symlink_status(ec);
    if (!known || std::filesystem::is_directory(t) ||
        !(std::filesystem::is_regular_file(t) || std::filesystem::is_symlink(t))) {
      throw io_error(e.path(), "not written by wanmeter: the run folder is replaced as a whole, so move it away first");
    }
  }
  if (ec) throw io_error(folder, ec.message());
}

} // namespace detail

/// Replaces `folder` by a folder holding exactly `files`, all or nothing (see the steps above).
/// Throws `io_error` when anything fails; the folder is then unchanged and nothing new is left.
inline void write_folder_atomically(const std::filesystem::path& folder, const std::vector<folder_file>& files,
                                    write_fault_hook hook = nullptr, swap_method method = swap_method::exchange) {
  namespace fs = std::filesystem;
  const fs::path parent = folder.parent_path().empty() ? fs::path(".") : folder.parent_path();
  const std::string base = folder.filename().string();
  for (const folder_file& f : files) {
    if (f.name.empty() || f.name.find('/') != std::string::npos || f.name == "." || f.name == "..") {
      throw io_error(folder / f.name, "not a file name");
    }
  }
  std::vector<fs::path> created; // step 1, deepest first
  fs::path temporary; // the fresh folder until it is in place, then the old set
  fs::path old;       // the fallback's old folder while the new one is not yet in place
  std::optional<detail::folder_lock> lock;
  const auto remove_created = [&] {
    std::error_code ignored;
    for (const auto& d : created) fs::remove(d, ignored); // only when empty
  };
  try {
    // Steps 1 and 2 (again when a failing writer removed the folders meanwhile).
    for (int attempt = 0; !lock; ++attempt) {
      std::vector<fs::path> missing = detail::missing_folders(parent);
      std::error_code ec;
      fs::create_directories(parent, ec);
      for (auto& m : missing) {
        std::error_code ignored;
        if (fs::exists(m, ignored) && std::find(created.begin(), created.end(), m) == created.end()) {
          created.push_back(std::move(m));
        }
      }
      if (ec) throw io_error(parent, ec.message());
      if (!fs::is_directory(parent, ec)) throw io_error(parent, "not a directory");
      try {
        lock.emplace(parent / ("." + base + ".lock"));
      } catch (const std::system_error&) {
        if (attempt > 100) throw io_error(parent, "the folder keeps disappearing");
      }
    }
    detail::clean_leftovers(folder);         // step 3
    detail::require_only_artifacts(folder, files); // step 4
    // Step 5.
    temporary = parent / ("." + base + ".tmp-" + detail::unique_suffix());
    // 0777 less the umask, like create_directories.
    if (::mkdir(temporary.c_str(), 0777) != 0) throw io_error(temporary, detail::errno_text(errno));
    for (std::size_t i = 0; i < files.size(); ++i) {
      detail::write_new_file(temporary / files[i].name, files[i].text, folder / files[i].name);
      if (hook != nullptr) hook(write_step::temporary_written, i);
    }
    detail::fsync_path(temporary, O_RDONLY | O_DIRECTORY);
    if (hook != nullptr) hook(write_step::folder_complete, 0);
    // Step 6.
    std::error_code ec;
    const bool exists = fs::exists(fs::symlink_status(folder, ec));
    if (!exists) {
      if (::rename(temporary.c_str(), folder.c_str()) != 0) throw io_error(folder, detail::errno_text(errno));
      temporary.clear();
    } else if (method == swap_method::exchange && detail::exchange(temporary, folder)) {
      // `temporary` now names the old set.
      if (hook != nullptr) hook(write_step::swapped, 0);
      fs::remove_all(temporary, ec);
      temporary.clear();
    } else {
      const fs::path aside = parent / ("." + base + ".old-" + detail::unique_suffix());
      if (::rename(folder.c_str(), aside.c_str()) != 0) throw io_error(folder, detail::errno_text(errno));
      old = aside;
      if (hook != nullptr) hook(write_step::swapped_by_two_renames, 0);
      if (::rename(temporary.c_str(), folder.c_str()) != 0) throw io_error(folder, detail::errno_text(errno));
      temporary = aside; // now the old set
      old.clear();
      if (hook != nullptr) hook(write_step::swapped, 0);
      fs::remove_all(temporary, ec);
      temporary.clear();
    }
    detail::fsync_path(parent, O_RDONLY | O_DIRECTORY); // step 7
  } catch (...) {
    std::error_code ignored;
    if (!old.empty()) ::rename(old.c_str(), folder.c_str()); // the old set back under its name
    if (!temporary.empty()) fs::remove_all(temporary, ignored);
    lock.reset(); // removes the lock file, so that the folders this call created are empty again
    remove_created();
    throw;
  }
}

} // namespace wanmeter
