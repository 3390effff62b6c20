#define BOOST_TEST_MODULE sdb_unit_tests
#include <boost/test/unit_test.hpp>
