// Reading one commit of the sync repository.
#include "sync/store/snapshot.hpp"

namespace ccsync::sync {

std::optional<std::string>
Snapshot::read(const std::string& path) const
{
  return m_commit ? m_repo->read(*m_commit, path) : std::nullopt;
}

std::optional<std::string>
Snapshot::entry_id(const std::string& path) const
{
  return m_commit ? m_repo->entry_id(*m_commit, path) : std::nullopt;
}

std::vector<std::string>
Snapshot::list(const std::string& dir) const
{
  return m_commit ? m_repo->list(*m_commit, dir) : std::vector<std::string>{};
}

std::optional<std::string>
Snapshot::read_blob(const std::string& id) const
{
  return m_repo->read_blob(id);
}

} // namespace ccsync::sync
