#include "cli/run.hpp"

int
main(int argc, char** argv)
{
  return ccsync::cli::run(argc, argv);
}
