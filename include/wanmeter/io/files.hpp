#pragma once
// Writing artifacts safely: each file is written to a temporary file in its own folder, flushed,
// checked, and renamed into place, so a failure never leaves a truncated file and never replaces
// a good one. Several files are all-or-nothing: every file is written first, and the renames
// that replace earlier files are undone when a later one fails, so a report.json and the
// summary.md next to it always come from the same run. Folders created by a failed call are
// removed again (when still empty).
//
// Steps of `write_files_atomically({{a, text_a}, {b, text_b}})`:
//   1. create the missing parent folders;
//   2. write `a.tmp-wanmeter-0` and `b.tmp-wanmeter-1` (created exclusively: a file or a symbolic
//      link planted under that name is removed first, never followed), flush and close them;
//   3. keep a hard link `a.old-wanmeter-0` to an existing `a` (likewise for `b`);
//   4. rename each temporary over its target;
//   5. remove the links of step 3.
// A failure at any step throws `io_error` naming the path and the reason, after removing the
// temporaries, putting back the targets already replaced, and removing the folders of step 1.
// Tests inject failures through the `write_fault_hook` parameter (test/runtime/atomic_write_tests.cpp).

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace wanmeter {

/// A file or folder that could not be written; the message names the path and the reason.
class io_error : public std::runtime_error {
public:
  io_error(const std::filesystem::path& path, std::string_view what)
      : std::runtime_error("wanmeter: cannot write " + path.string() + ": " + std::string(what)) {}
};

struct file_content {
  std::filesystem::path path;
  std::string_view text;
};

/// The points of `write_files_atomically` where a test can inject a failure.
enum class write_step : unsigned char {
  temporary_written, ///< file `index`'s temporary is complete and closed
  before_rename,     ///< every temporary is complete; file `index` is about to be renamed
};

/// Fault injection for tests: called at each `write_step`; throwing from it (normally an
/// `io_error`) simulates a failure at that point. Production callers pass nothing.
using write_fault_hook = void (*)(write_step step, std::size_t index);

namespace detail {

inline std::filesystem::path temporary_name(const std::filesystem::path& target, std::size_t i) {
  std::filesystem::path tmp = target;
  tmp += ".tmp-wanmeter-" + std::to_string(i);
  return tmp;
}

inline std::filesystem::path backup_name(const std::filesystem::path& target, std::size_t i) {
  std::filesystem::path bak = target;
  bak += ".old-wanmeter-" + std::to_string(i);
  return bak;
}

inline void remove_quietly(const std::filesystem::path& p) {
  std::error_code ignored;
  std::filesystem::remove(p, ignored);
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

/// Writes `text` to a new file `tmp` (exclusive creation: an existing entry is removed first,
/// a link is never followed). Errors name `target`.
inline void write_new_file(const std::filesystem::path& tmp, std::string_view text,
                           const std::filesystem::path& target) {
  remove_quietly(tmp);
  errno = 0;
  std::FILE* const out = std::fopen(tmp.string().c_str(), "wbx");  // C11 'x': O_CREAT | O_EXCL
  if (out == nullptr) throw io_error(target, errno != 0 ? std::strerror(errno) : "cannot create a temporary file");
  const bool written = text.empty() || std::fwrite(text.data(), 1, text.size(), out) == text.size();
  const bool flushed = written && std::fflush(out) == 0;
  const int error = errno;
  const bool closed = std::fclose(out) == 0;
  if (!written || !flushed) throw io_error(target, std::string("write failed: ") + std::strerror(error));
  if (!closed) throw io_error(target, std::string("close failed: ") + std::strerror(errno));
}

} // namespace detail

/// Creates the parent folders, writes every file to a temporary sibling and renames them into
/// place, all or nothing (see the steps above). Throws `io_error` when anything fails; the
/// files that existed before are then unchanged and nothing new is left behind.
inline void write_files_atomically(const std::vector<file_content>& files, write_fault_hook hook = nullptr) {
  std::vector<std::filesystem::path> created_folders;  // deepest first, per file
  std::vector<std::filesystem::path> temporaries;
  std::vector<std::filesystem::path> backups(files.size());  // empty: the target did not exist
  std::size_t renamed = 0;
  try {
    for (std::size_t i = 0; i < files.size(); ++i) {
      const file_content& f = files[i];
      const std::filesystem::path dir = f.path.parent_path();
      if (!dir.empty()) {
        std::vector<std::filesystem::path> missing = detail::missing_folders(dir);
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        // Remember what this call created, even when it failed half way.
        for (auto& m : missing) {
          std::error_code ignored;
          if (std::filesystem::exists(m, ignored)) created_folders.push_back(std::move(m));
        }
        if (ec) throw io_error(dir, ec.message());
        if (!std::filesystem::is_directory(dir, ec)) throw io_error(dir, "not a directory");
      }
      const std::filesystem::path tmp = detail::temporary_name(f.path, i);
      temporaries.push_back(tmp);
      detail::write_new_file(tmp, f.text, f.path);
      if (hook != nullptr) hook(write_step::temporary_written, i);
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
      std::error_code ec;
      const auto st = std::filesystem::symlink_status(files[i].path, ec);
      if (std::filesystem::is_regular_file(st)) {
        const std::filesystem::path bak = detail::backup_name(files[i].path, i);
        detail::remove_quietly(bak);
        std::filesystem::create_hard_link(files[i].path, bak, ec);
        if (ec) {
          ec.clear();
          std::filesystem::copy_file(files[i].path, bak, ec);
        }
        if (ec) throw io_error(files[i].path, "cannot keep the previous file while replacing it: " + ec.message());
        backups[i] = bak;
      }
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (hook != nullptr) hook(write_step::before_rename, i);
      std::error_code ec;
      std::filesystem::rename(temporaries[i], files[i].path, ec);
      if (ec) throw io_error(files[i].path, ec.message());
      ++renamed;
    }
  } catch (...) {
    for (const auto& tmp : temporaries) detail::remove_quietly(tmp);
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (i < renamed) {
        // Put the previous file back, or remove the new one when there was none.
        std::error_code ignored;
        if (!backups[i].empty()) {
          std::filesystem::rename(backups[i], files[i].path, ignored);
        } else {
          detail::remove_quietly(files[i].path);
        }
      }
      if (!backups[i].empty()) detail::remove_quietly(backups[i]);
    }
    // Deepest first; remove() only removes empty folders.
    std::sort(created_folders.begin(), created_folders.end(),
              [](const auto& a, const auto& b) { return a.native().size() > b.native().size(); });
    for (const auto& dir : created_folders) detail::remove_quietly(dir);
    throw;
  }
  for (const auto& bak : backups) {
    if (!bak.empty()) detail::remove_quietly(bak);
  }
}

} // namespace wanmeter
