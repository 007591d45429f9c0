// A snapshot of the process environment. Only config/ and platform/dirs read it; everything else
// receives the values it needs as parameters, which keeps the core testable.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ccsync::platform {

class Environment {
public:
  Environment() = default;
  explicit Environment(std::map<std::string, std::string> vars)
      : m_vars(std::move(vars))
  {}

  // The environment of this process.
  static Environment from_process();

  // The value of `name`, or nothing when it is unset or empty.
  std::optional<std::string> get(const std::string& name) const;
  void
  set(const std::string& name, std::string value)
  {
    m_vars[name] = std::move(value);
  }
  void
  unset(const std::string& name)
  {
    m_vars.erase(name);
  }
  // "NAME=value" for every variable, as execve(2) takes them.
  std::vector<std::string> entries() const;

private:
  std::map<std::string, std::string> m_vars;
};

} // namespace ccsync::platform
