#include "cli/run.hpp"

int
main(int argc, char** argv)
{
  return ccsync::cli::engine_main(argc, argv);
}
