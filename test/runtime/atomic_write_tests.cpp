// Runtime tier: io/files.hpp writes artifacts all or nothing. Failures are injected through the
// write_fault_hook between writing the temporaries and renaming them; the good files of an
// earlier run must survive byte for byte, and no temporary, backup or new folder may be left.
#include <boost/test/unit_test.hpp>

#include <wanmeter/io/files.hpp>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using wanmeter::file_content;
using wanmeter::io_error;
using wanmeter::write_files_atomically;
using wanmeter::write_step;

namespace {

/// A fresh scratch folder, removed at the end of the test.
struct scratch {
  fs::path dir;
  scratch() {
    std::random_device rd;
    dir = fs::temp_directory_path() / ("wanmeter-atomic-write-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(dir);
  }
  scratch(const scratch&) = delete;
  scratch& operator=(const scratch&) = delete;
  ~scratch() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_plain(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

/// Every entry under `dir`, relative, recursively.
std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) names.insert(fs::relative(e.path(), dir).string());
  return names;
}

// The fault the hook injects: at `fail_step` for file `fail_index`.
write_step fail_step = write_step::before_rename;
std::size_t fail_index = 0;
std::size_t hook_calls = 0;

void inject(write_step step, std::size_t index) {
  ++hook_calls;
  if (step == fail_step && index == fail_index) throw io_error("injected", "simulated failure");
}

void fail_at(write_step step, std::size_t index) {
  fail_step = step;
  fail_index = index;
  hook_calls = 0;
}

const std::string old_report = "{\"schema\": \"wanmeter.report/1\", \"run\": \"old\"}\n";
const std::string old_summary = "# old summary\n";
const std::string new_report = "{\"schema\": \"wanmeter.report/1\", \"run\": \"new\", \"padding\": \"" +
                               std::string(1000, 'x') + "\"}\n";
const std::string new_summary = "# new summary\n";

} // namespace

BOOST_AUTO_TEST_SUITE(atomic_write)

BOOST_AUTO_TEST_CASE(writes_every_file_and_leaves_nothing_else) {
  const scratch s;
  const fs::path dir = s.dir / "run" / "static_analysis" / "wan2_1";
  write_files_atomically({{dir / "report.json", new_report}, {dir / "summary.md", new_summary}});
  BOOST_TEST(read(dir / "report.json") == new_report);
  BOOST_TEST(read(dir / "summary.md") == new_summary);
  const std::set<std::string> expected{"run", "run/static_analysis", "run/static_analysis/wan2_1",
                                       "run/static_analysis/wan2_1/report.json",
                                       "run/static_analysis/wan2_1/summary.md"};
  BOOST_TEST(listing(s.dir) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_complete_new_report_replaces_the_old_one) {
  const scratch s;
  write_plain(s.dir / "report.json", old_report);
  write_plain(s.dir / "summary.md", old_summary);
  write_files_atomically({{s.dir / "report.json", new_report}, {s.dir / "summary.md", new_summary}});
  BOOST_TEST(read(s.dir / "report.json") == new_report);
  BOOST_TEST(read(s.dir / "summary.md") == new_summary);
  BOOST_TEST(listing(s.dir) == (std::set<std::string>{"report.json", "summary.md"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(failure_between_writing_and_renaming_keeps_the_old_files) {
  const scratch s;
  write_plain(s.dir / "report.json", old_report);
  write_plain(s.dir / "summary.md", old_summary);
  fail_at(write_step::before_rename, 0);
  BOOST_CHECK_EXCEPTION(
      write_files_atomically({{s.dir / "report.json", new_report}, {s.dir / "summary.md", new_summary}}, inject),
      io_error, [](const io_error& e) { return std::string(e.what()).find("simulated failure") != std::string::npos; });
  BOOST_TEST(hook_calls == 3U); // two temporaries written, then the failure before the first rename
  BOOST_TEST(read(s.dir / "report.json") == old_report);
  BOOST_TEST(read(s.dir / "summary.md") == old_summary);
  BOOST_TEST(listing(s.dir) == (std::set<std::string>{"report.json", "summary.md"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(failure_after_the_first_rename_puts_the_old_file_back) {
  // report.json is already replaced when summary.md fails: the pair must still be the old pair.
  const scratch s;
  write_plain(s.dir / "report.json", old_report);
  write_plain(s.dir / "summary.md", old_summary);
  fail_at(write_step::before_rename, 1);
  BOOST_CHECK_THROW(
      write_files_atomically({{s.dir / "report.json", new_report}, {s.dir / "summary.md", new_summary}}, inject),
      io_error);
  BOOST_TEST(hook_calls == 4U);
  BOOST_TEST(read(s.dir / "report.json") == old_report);
  BOOST_TEST(read(s.dir / "summary.md") == old_summary);
  BOOST_TEST(listing(s.dir) == (std::set<std::string>{"report.json", "summary.md"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(failure_of_a_first_run_leaves_no_file_and_no_folder) {
  const scratch s;
  const fs::path dir = s.dir / "run" / "static_analysis" / "wan2_1";
  for (const write_step step : {write_step::temporary_written, write_step::before_rename}) {
    for (std::size_t i = 0; i < 2; ++i) {
      fail_at(step, i);
      BOOST_CHECK_THROW(
          write_files_atomically({{dir / "report.json", new_report}, {dir / "summary.md", new_summary}}, inject),
          io_error);
      BOOST_TEST(listing(s.dir).empty(), "step " << static_cast<int>(step) << ", file " << i);
    }
  }
}

BOOST_AUTO_TEST_CASE(unwritable_root_names_the_path_and_creates_nothing) {
  const scratch s;
  write_plain(s.dir / "not-a-folder", "x");
  const fs::path dir = s.dir / "not-a-folder" / "run" / "static_analysis";
  BOOST_CHECK_EXCEPTION(write_files_atomically({{dir / "report.json", new_report}}), io_error, [&](const io_error& e) {
    return std::string(e.what()).find("wanmeter: cannot write " + (s.dir / "not-a-folder").string()) == 0;
  });
  BOOST_TEST(listing(s.dir) == (std::set<std::string>{"not-a-folder"}), boost::test_tools::per_element());
  BOOST_TEST(read(s.dir / "not-a-folder") == "x");
}

BOOST_AUTO_TEST_CASE(a_link_planted_at_the_temporary_name_is_not_followed) {
  const scratch s;
  fs::create_directories(s.dir / "out");
  write_plain(s.dir / "outside.txt", "precious");
  fs::create_symlink(s.dir / "outside.txt", s.dir / "out" / "report.json.tmp-wanmeter-0");
  write_files_atomically({{s.dir / "out" / "report.json", new_report}});
  BOOST_TEST(read(s.dir / "outside.txt") == "precious");
  BOOST_TEST(read(s.dir / "out" / "report.json") == new_report);
  BOOST_TEST(listing(s.dir / "out") == (std::set<std::string>{"report.json"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_folder_in_the_way_of_a_file_is_an_error_without_side_effects) {
  const scratch s;
  write_plain(s.dir / "report.json", old_report);
  fs::create_directories(s.dir / "summary.md" / "occupied");
  BOOST_CHECK_THROW(
      write_files_atomically({{s.dir / "report.json", new_report}, {s.dir / "summary.md", new_summary}}), io_error);
  BOOST_TEST(read(s.dir / "report.json") == old_report);
  BOOST_TEST(listing(s.dir) == (std::set<std::string>{"report.json", "summary.md", "summary.md/occupied"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
