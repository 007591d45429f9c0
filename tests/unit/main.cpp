// doctest's main, compiled once. Each test that needs files makes its own temporary directory.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
