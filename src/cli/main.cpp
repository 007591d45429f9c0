#include "cli/front.hpp"

int
main(int argc, char** argv)
{
  return ccsync::cli::front(argc, argv);
}
