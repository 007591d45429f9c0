// Environment snapshot.
#include "platform/env.hpp"

#include <unistd.h>

namespace ccsync::platform {

Environment
Environment::from_process()
{
  std::map<std::string, std::string> vars;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string line(*entry);
    const auto eq = line.find('=');
    if (eq != std::string::npos) {
      vars.emplace(line.substr(0, eq), line.substr(eq + 1));
    }
  }
  return Environment(std::move(vars));
}

std::optional<std::string>
Environment::get(const std::string& name) const
{
  const auto it = m_vars.find(name);
  if (it == m_vars.end() || it->second.empty()) {
    return std::nullopt;
  }
  return it->second;
}

std::vector<std::string>
Environment::entries() const
{
  std::vector<std::string> list;
  list.reserve(m_vars.size());
  for (const auto& [name, value] : m_vars) {
    list.push_back(name + "=" + value);
  }
  return list;
}

} // namespace ccsync::platform
