// Boost.JSON compiled into the wasm build (header-only mode: its sources in this one unit);
// src/cli/request.cpp reads --config through it (io/config_json.hpp), and entry.cpp writes the catalog.
#include <boost/json/src.hpp>
