// Reading one commit of the sync repository.
#include "sync/store/snapshot.hpp"

#include "util/text.hpp"

namespace ccsync::sync {

std::optional<std::string>
Snapshot::read(const std::string& path) const
{
  return m_commit ? opened(path, m_repo->read(*m_commit, path)) : std::nullopt;
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

std::vector<git::TreeEntry>
Snapshot::entries(const std::string& dir) const
{
  return m_commit ? m_repo->entries(*m_commit, dir) : std::vector<git::TreeEntry>{};
}

std::optional<std::string>
Snapshot::read_blob(const std::string& id, const std::string& path) const
{
  return opened(path, m_repo->read_blob(id));
}

const Sealing&
Snapshot::sealing() const
{
  static const Sealing plain;
  return m_sealing != nullptr ? *m_sealing : plain;
}

std::optional<std::string>
Snapshot::folder_text(const std::string& parent, const std::string& folder) const
{
  if (sealing().writes_sealed()) { // a plain repository's names say what they stand for
    if (auto text = read(parent + "/" + folder + "/" + k_folder_text_file)) {
      return text;
    }
  }
  return util::percent_decode(folder);
}

std::optional<std::string>
Snapshot::opened(const std::string& path, std::optional<std::string> stored) const
{
  return m_sealing != nullptr ? m_sealing->open(m_place_prefix + path, std::move(stored)) : stored;
}

} // namespace ccsync::sync
