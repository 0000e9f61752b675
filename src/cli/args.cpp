// Splitting argv into flags with Boost.ProgramOptions (args.hpp).
#include "args.hpp"

#include <boost/program_options.hpp>

#include <vector>

namespace po = boost::program_options;

namespace wanmeter::cli {
namespace {

/// The name part of an option token: "--output-root" of "--output-root=out%1".
std::string_view option_name(std::string_view token) { return token.substr(0, token.find('=')); }

/// The flag named `name` among `flags`, or null.
const flag_spec* find_in(std::span<const flag_spec> flags, std::string_view name) {
  for (const flag_spec& f : flags) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

bool is_flag_token(std::span<const flag_spec> flags, std::string_view name) {
  if (name.starts_with("--")) {
    const flag_spec* f = find_in(flags, name.substr(2));
    return f != nullptr;
  }
  for (const flag_spec& f : flags) {
    if (f.short_name != '\0' && name.size() == 2 && name[0] == '-' && name[1] == f.short_name) return true;
  }
  return false;
}

bool takes_value(std::span<const flag_spec> flags, std::string_view name) {
  const flag_spec* f = name.starts_with("--") ? find_in(flags, name.substr(2)) : nullptr;
  return f != nullptr && !f->value_name.empty();
}

/// Reports an unknown option holding '%' before Boost builds (and loops on) its message.
void refuse_placeholder_options(std::span<const std::string> args, std::span<const flag_spec> flags) {
  bool value_next = false;
  for (const std::string& a : args) {
    if (value_next) { // the value of the flag before, whatever it holds
      value_next = false;
      continue;
    }
    if (!a.starts_with("-") || a == "-" || a == "--") continue;
    const std::string_view name = option_name(a);
    if (a.find('%') != std::string::npos && !is_flag_token(flags, name)) {
      throw usage_error("unrecognised option '" + a + "'");
    }
    value_next = a.find('=') == std::string::npos && takes_value(flags, name);
  }
}

po::options_description boost_options(std::span<const flag_spec> flags) {
  po::options_description d;
  for (const flag_spec& f : flags) {
    std::string name(f.name);
    if (f.short_name != '\0') name += std::string(",") + f.short_name;
    if (f.value_name.empty()) {
      d.add_options()(name.c_str(), "");
    } else {
      d.add_options()(name.c_str(), po::value<std::string>(), "");
    }
  }
  return d;
}

} // namespace

flag_values split_analyze_args(std::span<const std::string> args) { return split_args(args, analyze_flags); }

flag_values split_args(std::span<const std::string> args, std::span<const flag_spec> known) {
  refuse_placeholder_options(args, known);
  const std::vector<std::string> tokens(args.begin(), args.end());
  const po::options_description desc = boost_options(known);
  const po::positional_options_description no_positionals;
  constexpr int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(tokens).options(desc).positional(no_positionals).style(style).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw usage_error(e.what());
  }
  flag_values flags;
  for (const flag_spec& f : known) {
    const std::string name(f.name);
    if (vm.count(name) == 0) continue;
    flags.emplace_back(name, f.value_name.empty() ? std::string{} : vm[name].as<std::string>());
  }
  return flags;
}

} // namespace wanmeter::cli
