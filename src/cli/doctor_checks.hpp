// The checks of `ccsync doctor`, one function each: what it found, and what to do about it.
#pragma once

#include "cli/context.hpp"

#include <string>
#include <vector>

namespace ccsync::cli {

enum class Verdict { ok, warn, fail };

struct Check {
  std::string name;
  Verdict verdict = Verdict::ok;
  std::string detail;
  std::string hint;
};

// Every check in the order doctor prints them. The repository is opened here: a remote that
// cannot be opened or reached is a finding, and the checks that need it say "not checked".
std::vector<Check> run_checks(Context& context);

// Project directories no placeholder covers, with their session counts, grouped like the
// uncovered paths of `push --dry-run`, as one line: "/srv/work (3 sessions): /srv/work/a, ...".
// Pure, for the placeholders check.
std::string describe_uncovered_projects(const std::vector<std::string>& projects);

} // namespace ccsync::cli
