# Shared by install.sh and test.sh (POSIX sh): root/sudo detection and Debian package installs.

if [ "$(id -u)" -eq 0 ]; then
  as_root() { "$@"; }
else
  as_root() {
    command -v sudo >/dev/null 2>&1 || { echo "ccsync install: need root or sudo to run: $*" >&2; exit 1; }
    sudo "$@"
  }
fi

# The Debian 12 packages ccsync builds with.
BUILD_PACKAGES="build-essential cmake pkg-config ca-certificates nlohmann-json3-dev libspdlog-dev
  libgit2-dev libcpp-httplib-dev doctest-dev libcli11-dev libncurses-dev libre2-dev libsodium-dev zlib1g-dev libsecret-1-dev"

# install_missing PACKAGE...: installs the packages that are not installed yet (and nothing else).
install_missing() {
  missing=""
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing="$missing $package"
    fi
  done
  [ -n "$missing" ] || return 0
  echo "ccsync install: installing$missing"
  as_root apt-get update -qq
  # shellcheck disable=SC2086 # word splitting is wanted
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

build_jobs() { nproc 2>/dev/null || echo 2; }
