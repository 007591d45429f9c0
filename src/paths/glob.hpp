// Globs over directory paths, for `exclude` (sync/sharing/sharing.hpp): `*` matches any run of
// characters but '/', `?` one character but '/', `**` any run including '/'. Pure; no file system
// access.
#pragma once

#include <string_view>

namespace ccsync::paths {

// True when `pattern` matches the whole of `path`. A pattern ending in "/**" also matches the
// directory it names ("/a/**" matches "/a" and everything below it), and "/**/" also matches a
// single '/' ("/a/**/b" matches "/a/b").
bool glob_match(std::string_view pattern, std::string_view path);

// True when `pattern` matches `path` or one of its ancestors ("/home/me/clients/*" covers
// "/home/me/clients/acme/web"): excluding a project excludes its subdirectories too. Trailing
// '/' on either side is ignored.
bool glob_covers(std::string_view pattern, std::string_view path);

} // namespace ccsync::paths
