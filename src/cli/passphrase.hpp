// Asking for an encrypted repository's passphrase: CCSYNC_PASSPHRASE when set (scripts), else on
// the terminal with echo off. Never from argv (other users see it in `ps`).
#pragma once

#include "platform/env.hpp"

#include <string>

namespace ccsync::cli {

enum class Confirm { no, yes }; // yes: a new passphrase, asked twice

// Throws Error{usage} when there is neither the variable nor a terminal, and when a new
// passphrase is too short (under 12 characters) or its two entries differ.
std::string ask_passphrase(const platform::Environment& env, const std::string& prompt,
                           Confirm confirm);

} // namespace ccsync::cli
