// The one translation unit that defines the Boost.Test module of the runtime tier; every other
// file in test/runtime/ only adds test cases.
#define BOOST_TEST_MODULE wanmeter runtime
#include <boost/test/unit_test.hpp>
