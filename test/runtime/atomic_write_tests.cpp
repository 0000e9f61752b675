// Runtime tier: io/files.hpp replaces a run folder as a whole. Failures are injected through the
// write_fault_hook at each step; the folder must then hold the old set byte for byte (or, after
// the swap, the new one), and no temporary, lock, old folder or new parent folder may be left.
// Leftovers of a writer that died are cleaned by the next one, and writers on several threads
// (each flock is its own open file) take turns.
#include <boost/test/unit_test.hpp>

#include <wanmeter/io/files.hpp>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using wanmeter::folder_file;
using wanmeter::io_error;
using wanmeter::swap_method;
using wanmeter::write_folder_atomically;
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
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

/// Every entry under `dir`, relative, recursively (links not followed).
std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) names.insert(fs::relative(e.path(), dir).string());
  return names;
}

// The fault the hook injects: at `fail_step` for file `fail_index`.
write_step fail_step = write_step::folder_complete;
std::size_t fail_index = 0;
std::size_t hook_calls = 0;

void inject(write_step step, std::size_t index) {
  ++hook_calls;
  if (step == fail_step && index == fail_index) throw io_error("injected", "simulated failure");
}

void fail_at(write_step step, std::size_t index = 0) {
  fail_step = step;
  fail_index = index;
  hook_calls = 0;
}

const std::string old_report = "{\"schema\": \"wanmeter.report/1\", \"run\": \"old\"}\n";
const std::string old_summary = "# old summary\n";
const std::string old_chart = "<svg>old</svg>\n";
const std::string new_report = "{\"schema\": \"wanmeter.report/1\", \"run\": \"new\", \"padding\": \"" +
                               std::string(1000, 'x') + "\"}\n";
const std::string new_summary = "# new summary\n";

std::vector<folder_file> new_set() {
  return {{.name = "report.json", .text = new_report}, {.name = "summary.md", .text = new_summary}};
}

/// An old run's set (with a chart the new set does not have) in `folder`.
void plant_old_set(const fs::path& folder) {
  write_plain(folder / "report.json", old_report);
  write_plain(folder / "summary.md", old_summary);
  write_plain(folder / "roofline.svg", old_chart);
}

void check_old_set(const fs::path& folder) {
  BOOST_TEST(read(folder / "report.json") == old_report);
  BOOST_TEST(read(folder / "summary.md") == old_summary);
  BOOST_TEST(read(folder / "roofline.svg") == old_chart);
}

const std::set<std::string> old_listing{"wan2_1", "wan2_1/report.json", "wan2_1/roofline.svg", "wan2_1/summary.md"};
const std::set<std::string> new_listing{"wan2_1", "wan2_1/report.json", "wan2_1/summary.md"};

} // namespace

BOOST_AUTO_TEST_SUITE(atomic_write)

BOOST_AUTO_TEST_CASE(writes_every_file_and_leaves_nothing_else) {
  const scratch s;
  const fs::path dir = s.dir / "run" / "static_analysis" / "wan2_1";
  write_folder_atomically(dir, new_set());
  BOOST_TEST(read(dir / "report.json") == new_report);
  BOOST_TEST(read(dir / "summary.md") == new_summary);
  const std::set<std::string> expected{"run", "run/static_analysis", "run/static_analysis/wan2_1",
                                       "run/static_analysis/wan2_1/report.json",
                                       "run/static_analysis/wan2_1/summary.md"};
  BOOST_TEST(listing(s.dir) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_complete_new_set_replaces_the_old_one_as_a_whole) {
  // The old run's chart goes with its set: the folder is never a mix of two runs.
  for (const swap_method m : {swap_method::exchange, swap_method::two_renames}) {
    const scratch s;
    plant_old_set(s.dir / "wan2_1");
    write_folder_atomically(s.dir / "wan2_1", new_set(), nullptr, m);
    BOOST_TEST(read(s.dir / "wan2_1" / "report.json") == new_report);
    BOOST_TEST(read(s.dir / "wan2_1" / "summary.md") == new_summary);
    BOOST_TEST(listing(s.dir) == new_listing, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(failure_before_the_swap_keeps_the_old_set) {
  for (const swap_method m : {swap_method::exchange, swap_method::two_renames}) {
    for (const auto& [step, index] : {std::pair{write_step::temporary_written, std::size_t{0}},
                                      std::pair{write_step::temporary_written, std::size_t{1}},
                                      std::pair{write_step::folder_complete, std::size_t{0}},
                                      std::pair{write_step::swapped_by_two_renames, std::size_t{0}}}) {
      if (step == write_step::swapped_by_two_renames && m == swap_method::exchange) continue; // no such step
      const scratch s;
      plant_old_set(s.dir / "wan2_1");
      fail_at(step, index);
      BOOST_CHECK_EXCEPTION(write_folder_atomically(s.dir / "wan2_1", new_set(), inject, m), io_error,
                            [](const io_error& e) { return std::string(e.what()).find("simulated failure") != std::string::npos; });
      check_old_set(s.dir / "wan2_1");
      BOOST_TEST(listing(s.dir) == old_listing, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(failure_after_the_swap_leaves_the_new_set_and_no_old_one) {
  for (const swap_method m : {swap_method::exchange, swap_method::two_renames}) {
    const scratch s;
    plant_old_set(s.dir / "wan2_1");
    fail_at(write_step::swapped);
    BOOST_CHECK_THROW(write_folder_atomically(s.dir / "wan2_1", new_set(), inject, m), io_error);
    BOOST_TEST(read(s.dir / "wan2_1" / "report.json") == new_report);
    BOOST_TEST(listing(s.dir) == new_listing, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(failure_of_a_first_run_leaves_no_file_and_no_folder) {
  const scratch s;
  const fs::path dir = s.dir / "run" / "static_analysis" / "wan2_1";
  for (const auto& [step, index] : {std::pair{write_step::temporary_written, std::size_t{0}},
                                    std::pair{write_step::temporary_written, std::size_t{1}},
                                    std::pair{write_step::folder_complete, std::size_t{0}}}) {
    fail_at(step, index);
    BOOST_CHECK_THROW(write_folder_atomically(dir, new_set(), inject), io_error);
    BOOST_TEST(listing(s.dir).empty(), "step " << static_cast<int>(step) << ", file " << index);
  }
}

BOOST_AUTO_TEST_CASE(leftovers_of_a_dead_writer_are_cleaned_by_the_next) {
  // A writer killed after writing its fresh folder (a lock file and a temporary left), and one
  // killed between the two renames of the fallback (the folder itself aside as .old-*).
  const scratch s;
  write_plain(s.dir / ".wan2_1.lock", "");
  write_plain(s.dir / ".wan2_1.tmp-999999-1" / "report.json", "partial");
  plant_old_set(s.dir / ".wan2_1.old-999999-2");
  write_folder_atomically(s.dir / "wan2_1", new_set());
  BOOST_TEST(listing(s.dir) == new_listing, boost::test_tools::per_element());
  // Only the put-back: the old set returns under its name, the temporary goes.
  write_plain(s.dir / ".wan2_1.tmp-999999-3" / "report.json", "partial");
  fs::rename(s.dir / "wan2_1", s.dir / ".wan2_1.old-999999-4");
  fail_at(write_step::folder_complete);
  BOOST_CHECK_THROW(write_folder_atomically(s.dir / "wan2_1", {{.name = "report.json", .text = "x"}}, inject), io_error);
  BOOST_TEST(read(s.dir / "wan2_1" / "report.json") == new_report);
  BOOST_TEST(listing(s.dir) == new_listing, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(writers_on_several_threads_take_turns) {
  const scratch s;
  const fs::path dir = s.dir / "r" / "static_analysis" / "wan2_1";
  constexpr int threads = 8;
  constexpr int writes = 10;
  std::vector<std::string> reports(threads), summaries(threads);
  for (int t = 0; t < threads; ++t) {
    reports[static_cast<std::size_t>(t)] = "report of writer " + std::to_string(t) + "\n";
    summaries[static_cast<std::size_t>(t)] = "summary of writer " + std::to_string(t) + "\n";
  }
  std::vector<int> failures(threads, 0);
  {
    std::vector<std::jthread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        const auto i = static_cast<std::size_t>(t);
        for (int k = 0; k < writes; ++k) {
          try {
            write_folder_atomically(dir, {{.name = "report.json", .text = reports[i]}, {.name = "summary.md", .text = summaries[i]}});
          } catch (const io_error&) {
            ++failures[i];
          }
        }
      });
    }
  }
  for (int t = 0; t < threads; ++t) BOOST_TEST(failures[static_cast<std::size_t>(t)] == 0);
  const std::string report = read(dir / "report.json");
  const std::string writer = report.substr(std::string("report of writer ").size());
  BOOST_TEST(read(dir / "summary.md") == "summary of writer " + writer);
  BOOST_TEST(listing(s.dir / "r" / "static_analysis") == (std::set<std::string>{"wan2_1", "wan2_1/report.json", "wan2_1/summary.md"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unwritable_root_names_the_path_and_creates_nothing) {
  const scratch s;
  write_plain(s.dir / "not-a-folder", "x");
  const fs::path dir = s.dir / "not-a-folder" / "run" / "static_analysis";
  BOOST_CHECK_EXCEPTION(write_folder_atomically(dir / "wan2_1", new_set()), io_error, [&](const io_error& e) {
    return std::string(e.what()).find("wanmeter: cannot write " + (s.dir / "not-a-folder").string()) == 0;
  });
  BOOST_TEST(listing(s.dir) == (std::set<std::string>{"not-a-folder"}), boost::test_tools::per_element());
  BOOST_TEST(read(s.dir / "not-a-folder") == "x");
}

BOOST_AUTO_TEST_CASE(a_link_in_the_old_folder_is_never_followed) {
  // report.json of the old set is a link to a file outside: a failed run keeps the link, a
  // successful one replaces the link (not the file it points to) by the new report.
  const scratch s;
  write_plain(s.dir / "outside.txt", "precious");
  fs::create_directories(s.dir / "wan2_1");
  fs::create_symlink(s.dir / "outside.txt", s.dir / "wan2_1" / "report.json");
  fail_at(write_step::folder_complete);
  BOOST_CHECK_THROW(write_folder_atomically(s.dir / "wan2_1", new_set(), inject), io_error);
  BOOST_TEST(fs::is_symlink(s.dir / "wan2_1" / "report.json"));
  write_folder_atomically(s.dir / "wan2_1", new_set());
  BOOST_TEST(read(s.dir / "outside.txt") == "precious");
  BOOST_TEST(!fs::is_symlink(s.dir / "wan2_1" / "report.json"));
  BOOST_TEST(read(s.dir / "wan2_1" / "report.json") == new_report);
}

BOOST_AUTO_TEST_CASE(what_wanmeter_did_not_write_is_never_deleted) {
  // A folder named like an artifact, or a file of the user's: an error naming it, nothing changed.
  for (const std::string& foreign : {std::string("summary.md/occupied"), std::string("notes.txt")}) {
    const scratch s;
    write_plain(s.dir / "wan2_1" / "report.json", old_report);
    write_plain(s.dir / "wan2_1" / foreign, "mine");
    const std::set<std::string> before = listing(s.dir);
    BOOST_CHECK_EXCEPTION(write_folder_atomically(s.dir / "wan2_1", new_set()), io_error, [&](const io_error& e) {
      return std::string(e.what()).find("not written by wanmeter") != std::string::npos;
    });
    BOOST_TEST(read(s.dir / "wan2_1" / "report.json") == old_report);
    BOOST_TEST(read(s.dir / "wan2_1" / foreign) == "mine");
    BOOST_TEST(listing(s.dir) == before, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_SUITE_END()
