#!/usr/bin/env bash
# init --github over HTTPS with a private test CA for localhost: trusted through SSL_CERT_FILE or
# the ca_file key (libgit2's mbedTLS and cpp-httplib's OpenSSL both), refused without it.
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/github_common.sh"
command -v openssl >/dev/null || skip "openssl is not installed"

tls="$TEST_DIR/tls"
mkdir -p "$tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=ccsync test CA" \
  -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
  -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n' > "$tls/ext"
openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial \
  -days 2 -extfile "$tls/ext" -out "$tls/server.crt" 2>/dev/null
start_fake_github gh --cert "$tls/server.crt" --key "$tls/server.key" --host-name localhost
api="https://localhost:$FAKE_PORT"

step "without the CA the API is not trusted: exit 75 with a hint, nothing written"
expect_exit 75 on a env GH_TOKEN="$TOKEN" "$CCSYNC_BIN" init --github alice/sessions \
  --github-api-url "$api"
expect_contains "$ERR" "certificate is not trusted"
[ ! -e "$(machine_home a)/.claude-session-sync/config.json" ] || fail "failed init wrote config"

step "SSL_CERT_FILE trusts the CA for the API and for git (clone_url https://localhost)"
expect_exit 0 on a env GH_TOKEN="$TOKEN" SSL_CERT_FILE="$tls/ca.crt" "$CCSYNC_BIN" init \
  --github alice/sessions --github-api-url "$api" --machine-id alpha
expect_contains "$OUT" "Created the sync repository on https://localhost:$FAKE_PORT/alice/sessions.git"
expect_eq "$(commit_count "$FAKE_ROOT/alice/sessions.git")" 1
expect_no_token a

step "git alone refuses the server without the CA"
expect_exit 75 on a env GH_TOKEN="$TOKEN" "$CCSYNC_BIN" pull
expect_contains "$ERR" "certificate"

step "the ca_file key does the same as SSL_CERT_FILE"
config="$(machine_home a)/.claude-session-sync/config.json"
sed -i "s#^{#{ \"ca_file\": \"$tls/ca.crt\",#" "$config"
expect_exit 0 on a env GH_TOKEN="$TOKEN" "$CCSYNC_BIN" pull
expect_exit 0 on b env GH_TOKEN="$TOKEN" CCSYNC_CA_FILE="$tls/ca.crt" "$CCSYNC_BIN" init \
  --github alice/sessions --github-api-url "$api" --machine-id beta
expect_contains "$OUT" "Joined the sync repository"
expect_eq "$(commit_count "$FAKE_ROOT/alice/sessions.git")" 2

step "doctor: the token is accepted and the remote takes pushes; a wrong token fails both"
doctor_as_b() { # doctor_as_b TOKEN: doctor's report in $OUT (other checks may fail here)
  OUT=$(on b env GH_TOKEN="$1" CCSYNC_CA_FILE="$tls/ca.crt" "$CCSYNC_BIN" doctor 2>&1) || true
}
doctor_as_b "$TOKEN"
expect_contains "$OUT" "ok    GitHub token: accepted: alice (from GH_TOKEN) sees alice/sessions"
expect_contains "$OUT" "ok    remote writable"
doctor_as_b ghp_wrong
expect_contains "$OUT" "FAIL  GitHub token"
expect_contains "$OUT" "(token from GH_TOKEN)"
expect_not_contains "$OUT" "ghp_wrong"
echo "passed"
