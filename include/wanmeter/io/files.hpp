#pragma once
// Writing artifacts safely: each file is written to a temporary file in its own folder, flushed,
// checked, and renamed into place, so a failure never leaves a truncated file and never replaces
// a good one. Several files are all written first and renamed only when every write succeeded.

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
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

namespace detail {

inline std::filesystem::path temporary_name(const std::filesystem::path& target, std::size_t i) {
  std::filesystem::path tmp = target;
  tmp += ".tmp-wanmeter-" + std::to_string(i);
  return tmp;
}

inline void remove_quietly(const std::filesystem::path& p) {
  std::error_code ignored;
  std::filesystem::remove(p, ignored);
}

} // namespace detail

/// Creates the parent folders, writes every file to a temporary sibling and renames them into
/// place. Throws `io_error` (and removes the temporaries) when anything fails.
inline void write_files_atomically(const std::vector<file_content>& files) {
  std::vector<std::filesystem::path> temporaries;
  try {
    for (std::size_t i = 0; i < files.size(); ++i) {
      const file_content& f = files[i];
      const std::filesystem::path dir = f.path.parent_path();
      if (!dir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) throw io_error(dir, ec.message());
        if (!std::filesystem::is_directory(dir)) throw io_error(dir, "not a directory");
      }
      const std::filesystem::path tmp = detail::temporary_name(f.path, i);
      temporaries.push_back(tmp);
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) throw io_error(f.path, std::strerror(errno));
      out.write(f.text.data(), static_cast<std::streamsize>(f.text.size()));
      out.flush();
      if (!out) throw io_error(f.path, "write failed");
      out.close();
      if (out.fail()) throw io_error(f.path, "close failed");
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
      std::error_code ec;
      std::filesystem::rename(temporaries[i], files[i].path, ec);
      if (ec) throw io_error(files[i].path, ec.message());
    }
  } catch (...) {
    for (const auto& tmp : temporaries) detail::remove_quietly(tmp);
    throw;
  }
}

} // namespace wanmeter
