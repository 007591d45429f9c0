#!/usr/bin/env bash
# push and pull of sessions between two machines with different layouts (/home/alice-like with
# ~/projects, /Users/bob-like with ~/code; PROJECTS placeholder) over git daemon.
. "$(dirname "$0")/common.sh"
start_git_daemon
new_bare sync.git
url="$GIT_DAEMON_URL/sync.git"
bare="$TEST_DIR/srv/sync.git"
A=$(machine_home alice); B=$(machine_home bob)
mkdir -p "$A/projects/app" "$B/code/app" "$A/elsewhere"
on alice ccsync init --remote "$url" --machine-id alice --add-placeholder "PROJECTS=$A/projects" \
  --sync-dir "$A/projects" >/dev/null
on bob ccsync init --remote "$url" --machine-id bob --add-placeholder "PROJECTS=$B/code" >/dev/null
S1=11111111-2222-4333-8444-555555555555
adir="$A/.claude/projects/$(enc "$A/projects/app")"
bdir="$B/.claude/projects/$(enc "$B/code/app")"
line() { # line SESSION CWD N TEXT
  printf '{"parentUuid":null,"type":"user","message":{"role":"user","content":"%s"},"uuid":"u%s","timestamp":"%s","cwd":"%s","sessionId":"%s"}\n' \
    "$4" "$3" "$(date -u +%Y-%m-%dT%H:%M:%S.000Z)" "$2" "$1"
}
mkdir -p "$adir"
{ line $S1 "$A/projects/app" 1 "read $A/projects/app/main.c please"; line $S1 "$A/projects/app" 2 "and {{PROJECTS}} literally"; } > "$adir/$S1.jsonl"
mkdir -p "$adir/$S1/subagents" "$adir/$S1/tool-results"
line $S1 "$A/projects/app" 3 "sub" > "$adir/$S1/subagents/agent-1.jsonl"
echo "output mentions $A/projects/app/out.txt" > "$adir/$S1/tool-results/t1.txt"
mkdir -p "$A/.claude/tasks/$S1"
echo '{"id":"1","subject":"write tests","status":"pending"}' > "$A/.claude/tasks/$S1/1.json"
: > "$A/.claude/tasks/$S1/.lock"
cp "$adir/$S1.jsonl" "$TEST_DIR/original.jsonl"
# never synced: credentials, settings, live-process registry, file history
mkdir -p "$A/.claude/sessions" "$A/.claude/file-history/$S1"
echo '{"token":"secret"}' > "$A/.claude/.credentials.json"
echo '{}' > "$A/.claude/settings.json"
echo 'x' > "$A/.claude/file-history/$S1/abc@v1"

step "dry run changes nothing and lists uncovered paths"
line S2 "$A/elsewhere" 1 "see /opt/data/file.csv" > "$adir/22222222-2222-4333-8444-555555555555.jsonl"
mv "$adir/22222222-2222-4333-8444-555555555555.jsonl" "$TEST_DIR/s2.jsonl"
before=$(commit_count "$bare")
expect_exit 0 on alice ccsync push --dry-run
expect_contains "$OUT" "$S1  new (2 lines"
expect_eq "$(commit_count "$bare")" "$before" "commits after a dry run"

step "push: one commit with chunks, meta and sidecars, and paths as placeholders"
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "1 session, 2 lines"
expect_eq "$(commit_count "$bare")" $((before + 1)) "commits after push"
expect_contains "$(git --git-dir="$bare" log -1 --format=%B main)" "$S1 new (2 lines)"
chunk=$(repo_file "$bare" "$(sdir "$S1")/transcript/000001.jsonl")
expect_contains "$(repo_file "$bare" "$(sdir "$S1")/meta.json")" "\"hash\": \"$(git --git-dir="$bare" rev-parse "main:$(sdir "$S1")/transcript/000001.jsonl")\""
expect_contains "$chunk" '{{PROJECTS}}/app/main.c'
expect_not_contains "$chunk" "$A"
meta=$(repo_file "$bare" "$(sdir "$S1")/meta.json")
expect_contains "$meta" '"project": "{{PROJECTS}}/app"'
expect_contains "$meta" '"last_edited_by": "alice"'
expect_contains "$meta" "\"title\": \"read {{PROJECTS}}/app/main.c please\""
repo_file "$bare" "$(sdir "$S1")/files/subagents/agent-1.jsonl" >/dev/null
expect_contains "$(repo_file "$bare" "$(sdir "$S1")/files/@tasks/1.json")" "write tests"
expect_not_contains "$(git --git-dir="$bare" ls-tree -r --name-only main)" ".lock"
expect_contains "$(repo_file "$bare" "$(sdir "$S1")/files/tool-results/t1.txt")" '{{PROJECTS}}/app/out.txt'
files=$(git --git-dir="$bare" ls-tree -r --name-only main)
for never in credentials settings file-history sessions/ .claude; do
  case "$never" in sessions/) expect_not_contains "$(echo "$files" | grep -v '^sessions/[0-9a-f]\{2\}/[0-9a-f-]*/')" "sessions/" ;;
  *) expect_not_contains "$files" "$never" "repository files" ;; esac
done

step "on a terminal, push shows its progress on stderr"
expect_contains "$(on alice script -qec "$CCSYNC_BIN push --dry-run" /dev/null </dev/null 2>&1)" \
  "push: reading sessions 0/"

step "a push with nothing new makes no commit and reads no transcript (the sync index vouches)"
expect_exit 0 on alice ccsync -v push
expect_eq "$(commit_count "$bare")" $((before + 1)) "commits after an empty push"
expect_contains "$ERR" "push: nothing changed since the last push (sync index)"
expect_not_contains "$ERR" "opening sync repository"
touch "$adir/$S1.jsonl"
expect_exit 0 on alice ccsync -v push
expect_contains "$ERR" "push: 1 session considered, 1 read, 0 read from"
expect_eq "$(commit_count "$bare")" $((before + 1)) "commits after touching a transcript"

step "on a terminal, pull shows its progress on stderr (reading, then writing); a pipe gets none"
progress=$(on bob script -qec "$CCSYNC_BIN pull --dry-run" /dev/null </dev/null 2>&1)
expect_contains "$progress" "pull: reading sessions 0/"
expect_contains "$progress" "pull: writing sessions"
expect_exit 0 on bob ccsync pull --dry-run
expect_not_contains "$ERR" "pull: reading sessions"

step "pull on bob lands where Claude looks, with bob's paths"
expect_exit 0 on bob ccsync pull
expect_contains "$OUT" "$S1  written"
[ -f "$bdir/$S1.jsonl" ] || fail "no transcript at $bdir"
expect_contains "$(cat "$bdir/$S1.jsonl")" "read $B/code/app/main.c please"
expect_contains "$(cat "$bdir/$S1.jsonl")" '{{PROJECTS}} literally'
expect_contains "$(cat "$bdir/$S1/tool-results/t1.txt")" "$B/code/app/out.txt"
expect_contains "$(cat "$B/.claude/tasks/$S1/1.json")" "write tests"
expect_eq "$(stat -c %a "$bdir/$S1.jsonl")" 600 "transcript mode"
expect_eq "$(stat -c %a "$bdir")" 700 "project dir mode"

step "pull never shortens a local sidecar that grew after the last push"
line $S1 "$B/code/app" 3 "sub more" >> "$bdir/$S1/subagents/agent-1.jsonl"
sub=$(cat "$bdir/$S1/subagents/agent-1.jsonl")
expect_exit 0 on bob ccsync pull
expect_eq "$(cat "$bdir/$S1/subagents/agent-1.jsonl")" "$sub" "bob's grown sidecar"

step "round trip on the origin machine is byte-identical"
rm "$adir/$S1.jsonl"
expect_exit 0 on alice ccsync pull
cmp "$adir/$S1.jsonl" "$TEST_DIR/original.jsonl" || fail "round trip changed bytes"

step "append on alice, pull on bob extends"
line $S1 "$A/projects/app" 4 "more from alice" >> "$adir/$S1.jsonl"
expect_exit 0 on alice ccsync -v push
expect_contains "$OUT" "appended (3 lines"
expect_contains "$ERR" "push: 1 session considered, 0 read, 1 read from their new tail only"
expect_exit 0 on bob ccsync pull
expect_contains "$OUT" "$S1  extended"
expect_eq "$(wc -l < "$bdir/$S1.jsonl")" 3 "bob's lines"

step "a longer local copy is kept and pushed"
line $S1 "$B/code/app" 5 "bob continues" >> "$bdir/$S1.jsonl"
expect_exit 0 on bob ccsync pull
expect_contains "$OUT" "kept longer local copy"
expect_eq "$(wc -l < "$bdir/$S1.jsonl")" 4 "bob's lines after pull"
expect_exit 0 on bob ccsync push
expect_contains "$OUT" "appended (4 lines"
expect_contains "$(repo_file "$bare" "$(sdir "$S1")/meta.json")" '"last_edited_by": "bob"'

step "divergence: alice's own new line vs bob's: fork, no line lost"
line $S1 "$A/projects/app" 6 "alice diverges" >> "$adir/$S1.jsonl"
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "diverged from bob"
expect_exit 0 on alice ccsync pull
expect_contains "$OUT" "$S1  forked"
expect_eq "$(wc -l < "$adir/$S1.jsonl")" 4 "alice's copy is the remote one"
fork=$(ls "$adir" | grep -v "^$S1" | grep '\.jsonl$' | head -1)
[ -n "$fork" ] || fail "no fork file"
expect_contains "$(cat "$adir/$fork")" "alice diverges"
expect_contains "$(cat "$adir/$fork")" "\"sessionId\":\"${fork%.jsonl}\""
expect_not_contains "$(cat "$adir/$fork")" "\"sessionId\":\"$S1\""
expect_exit 0 on alice ccsync push
expect_contains "$(repo_file "$bare" "$(sdir "${fork%.jsonl}")/meta.json")" "\"forked_from\": \"$S1\""

step "list shows who edited each session last, and forks"
expect_exit 0 on alice ccsync list
expect_contains "$OUT" "$S1"
expect_contains "$OUT" "(fork of $S1)"
expect_exit 0 on alice ccsync list --remote --format json
expect_contains "$OUT" '"last_edited_by": "bob"'
expect_contains "$OUT" "\"forked_from\": \"$S1\""
expect_contains "$OUT" "\"project\": \"$A/projects/app\""

step "tail rewrite on the machine that wrote it last replaces the tail"
head -n 3 "$bdir/$S1.jsonl" > "$TEST_DIR/t" && line $S1 "$B/code/app" 7 "rewritten tail" >> "$TEST_DIR/t"
cp "$TEST_DIR/t" "$bdir/$S1.jsonl"
expect_exit 0 on bob ccsync push
expect_contains "$OUT" "replaced tail"
expect_contains "$(repo_transcript "$bare" "$S1")" "rewritten tail"

step "pull --force replaces a diverged copy, keeping a backup"
expect_exit 0 on bob ccsync pull
head -n 2 "$bdir/$S1.jsonl" > "$TEST_DIR/t" && line $S1 "$B/code/app" 9 "bob's doomed line" >> "$TEST_DIR/t"
cp "$TEST_DIR/t" "$bdir/$S1.jsonl"
expect_exit 0 on bob ccsync pull --dry-run
expect_contains "$OUT" "$S1  forked"
expect_contains "$(cat "$bdir/$S1.jsonl")" "bob's doomed line"
expect_exit 0 on bob ccsync pull --force "$S1"
expect_contains "$OUT" "$S1  replaced"
expect_not_contains "$(cat "$bdir/$S1.jsonl")" "bob's doomed line"
grep -rq "bob's doomed line" "$B/.claude-session-sync/backups" || fail "no backup of the replaced copy"

step "pull does not re-create sessions older than Claude's cleanup period; by id it does"
OLD=66666666-2222-4333-8444-555555555555
old_stamp=$(date -u -d '40 days ago' +%Y-%m-%dT%H:%M:%S.000Z)
printf '{"type":"user","message":{"role":"user","content":"old"},"timestamp":"%s","cwd":"%s","sessionId":"%s"}\n' \
  "$old_stamp" "$A/projects/app" "$OLD" > "$adir/$OLD.jsonl"
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "$OLD  new"
expect_exit 0 on bob ccsync pull
expect_not_contains "$OUT" "$OLD"
[ ! -e "$bdir/$OLD.jsonl" ] || fail "an expired session was re-created"
expect_exit 0 on bob ccsync pull "$OLD"
expect_contains "$OUT" "$OLD  written"
expect_eq "$(date -u -r "$bdir/$OLD.jsonl" +%Y-%m-%d)" "$(date -u +%Y-%m-%d)" "a restored old session's mtime (Claude would delete it otherwise)"
last_ts=$(grep -o '"timestamp":"[^"]*"' "$bdir/$S1.jsonl" | tail -1 | cut -d'"' -f4)
expect_eq "$(date -u -r "$bdir/$S1.jsonl" +%Y-%m-%dT%H:%M:%S)" "${last_ts%.*}" "a pulled session's mtime is its last activity"

step "a session moved by /cd (relocated) is pushed with its new project"
R=77777777-2222-4333-8444-555555555555
line $R "$A/projects/app" 1 "before the move" > "$adir/$R.jsonl"
expect_exit 0 on alice ccsync push
expect_contains "$(repo_file "$bare" "$(sdir "$R")/meta.json")" '"project": "{{PROJECTS}}/app"'
mkdir -p "$A/projects/moved"
newdir="$A/.claude/projects/$(enc "$A/projects/moved")"
mkdir -p "$newdir" && mv "$adir/$R.jsonl" "$newdir/$R.jsonl"
printf '{"type":"relocated","sessionId":"%s","relocatedCwd":"%s"}\n' "$R" "$A/projects/moved" >> "$newdir/$R.jsonl"
expect_exit 0 on alice ccsync push
expect_contains "$(repo_file "$bare" "$(sdir "$R")/meta.json")" '"project": "{{PROJECTS}}/moved"'

step "a path one machine pushed verbatim does not make the other's append look diverged"
V=88888888-2222-4333-8444-555555555555
vdir="$B/.claude/projects/$(enc "$B/code/app")"
line $V "$B/code/app" 1 "look at $A/notes.txt (alice's home, not mapped on bob)" > "$vdir/$V.jsonl"
expect_exit 0 on bob ccsync push
expect_contains "$(repo_transcript "$bare" "$V")" "$A/notes.txt"
expect_exit 0 on alice ccsync pull
line $V "$A/projects/app" 2 "alice replies" >> "$adir/$V.jsonl"
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "$V  appended"
expect_contains "$(repo_transcript "$bare" "$V")" "$A/notes.txt"

step "selective sync: sessions outside sync_directories stay local"
mkdir -p "$A/.claude/projects/$(enc "$A/elsewhere")"
cp "$TEST_DIR/s2.jsonl" "$A/.claude/projects/$(enc "$A/elsewhere")/22222222-2222-4333-8444-555555555555.jsonl"
expect_exit 0 on alice ccsync push
expect_not_contains "$(git --git-dir="$bare" ls-tree -r --name-only main)" "22222222"
expect_exit 0 on alice ccsync push 22222222-2222-4333-8444-555555555555
expect_contains "$(git --git-dir="$bare" ls-tree -r --name-only main)" "22222222"

step "a live session is never written"
line $S1 "$A/projects/app" 8 "alice again" >> "$adir/$S1.jsonl"
sleep 300 & live=$!
BACKGROUND_PIDS="$BACKGROUND_PIDS $live"
mkdir -p "$B/.claude/sessions"
printf '{"pid":%d,"sessionId":"%s","cwd":"%s"}\n' "$live" "$S1" "$B/code/app" > "$B/.claude/sessions/$live.json"
on alice ccsync pull >/dev/null
expect_exit 0 on alice ccsync push 
sum=$(sha256sum "$bdir/$S1.jsonl")
expect_exit 3 on bob ccsync pull
expect_contains "$OUT" "live"
expect_contains "$OUT" "held back"
expect_eq "$(sha256sum "$bdir/$S1.jsonl")" "$sum" "the live session's file"
kill "$live"

step "a session whose placeholder has no path here is reported, not guessed"
on carol ccsync init --remote "$url" --machine-id carol >/dev/null
expect_exit 3 on carol ccsync pull
expect_contains "$OUT" "not mapped here"
expect_contains "$OUT" "{{PROJECTS}}"

step "hostile repository content is refused without writing outside Claude's directory"
git clone -q "$bare" "$TEST_DIR/evil"
mkdir -p "$TEST_DIR/evil/sessions/ev/evil-1"
printf '{"session_id":"evil-1","project":"{{HOME}}","chunks":[{"name":"../../../../x.jsonl"}]}' > "$TEST_DIR/evil/sessions/ev/evil-1/meta.json"
mkdir -p "$TEST_DIR/evil/sessions/ev/evil-2"
printf '{"session_id":"evil-2","project":"{{HOME}}","chunks":[],"files":["../../../escape.txt"]}' > "$TEST_DIR/evil/sessions/ev/evil-2/meta.json"
mkdir -p "$TEST_DIR/evil/sessions/ev/evil-3/transcript"
ln -s /etc/passwd "$TEST_DIR/evil/sessions/ev/evil-3/transcript/000001.jsonl"
printf '{"session_id":"evil-3","project":"{{HOME}}","chunks":[{"name":"000001.jsonl"}]}' > "$TEST_DIR/evil/sessions/ev/evil-3/meta.json"
mkdir -p "$TEST_DIR/evil/sessions/ev/evil-4/transcript"
echo '{"type":"user","cwd":"/tampered"}' > "$TEST_DIR/evil/sessions/ev/evil-4/transcript/000001.jsonl"
printf '{"session_id":"evil-4","project":"{{HOME}}","chunks":[{"name":"000001.jsonl","hash":"0000000000000000000000000000000000000000"}]}' > "$TEST_DIR/evil/sessions/ev/evil-4/meta.json"
mkdir -p "$TEST_DIR/evil/sessions/ev/evil-5"
printf '{"session_id":"evil-5","project":"{{HOME}}","lines":"many","chunks":[{"name":"000002.jsonl"}]}' > "$TEST_DIR/evil/sessions/ev/evil-5/meta.json"
mkdir -p "$TEST_DIR/evil/sessions/ev/evil-6"
printf '{"session_id":"evil-6","project":"{{HOME}}","chunks":[],"files":["a","a/b"]}' > "$TEST_DIR/evil/sessions/ev/evil-6/meta.json"
git -C "$TEST_DIR/evil" add -A && git -C "$TEST_DIR/evil" commit -qm evil && git -C "$TEST_DIR/evil" push -q origin main
expect_exit 3 on bob ccsync pull
expect_contains "$OUT" "evil-1  refused"
expect_contains "$OUT" "evil-2  refused"
expect_contains "$OUT" "evil-3  refused"
expect_contains "$OUT" "evil-4  refused"
expect_contains "$OUT" "evil-5  refused"
expect_contains "$OUT" "evil-6  refused"
[ ! -e "$B/x.jsonl" ] && [ ! -e "$B/escape.txt" ] && [ ! -e "$TEST_DIR/x.jsonl" ] || fail "a hostile file escaped"
[ -z "$(find "$B/.claude/projects" -name 'evil-*')" ] || fail "hostile sessions were written"
git -C "$TEST_DIR/evil" pull -q && git -C "$TEST_DIR/evil" rm -rq sessions/ev/evil-* \
  && git -C "$TEST_DIR/evil" commit -qm "no more evil" && git -C "$TEST_DIR/evil" push -q origin main
step "memory and CLAUDE.md: one shared set, the last push wins, pull replaces with a backup"
amem="$A/.claude/projects/$(enc "$A/projects/app")/memory"
mkdir -p "$amem"
echo "# index, see $A/projects/app/NOTES" > "$amem/MEMORY.md"
echo "fact one" > "$amem/fact.md"
echo "global rules" > "$A/.claude/CLAUDE.md"
expect_exit 0 on alice ccsync push
expect_contains "$OUT" "memory {{PROJECTS}}/app  updated"
expect_contains "$OUT" "CLAUDE.md  updated"
expect_eq "$(repo_file "$bare" claude/CLAUDE.md)" "global rules" "CLAUDE.md in the repository"
bmem="$B/.claude/projects/$(enc "$B/code/app")/memory"
mkdir -p "$bmem"
echo "stale" > "$bmem/old.md"
echo "bob's own rules" > "$B/.claude/CLAUDE.md"
expect_exit 0 on bob ccsync pull
expect_contains "$OUT" "CLAUDE.md  replaced"
expect_eq "$(cat "$B/.claude/CLAUDE.md")" "global rules" "bob's CLAUDE.md"
expect_contains "$(cat "$bmem/MEMORY.md")" "$B/code/app/NOTES"
[ ! -e "$bmem/old.md" ] || fail "pull kept a memory file the shared set does not have"
backups=$(ls "$B/.claude-session-sync/backups")
expect_contains "$backups" "CLAUDE.md"
expect_contains "$backups" "memory-"
rm "$amem/fact.md"
expect_exit 0 on alice ccsync push
expect_not_contains "$(git --git-dir="$bare" ls-tree -r --name-only main)" "fact.md"

step "two machines pushing new sessions at once: both land"
line 44444444-2222-4333-8444-555555555555 "$A/projects/app" 1 "race a" > "$adir/44444444-2222-4333-8444-555555555555.jsonl"
line 55555555-2222-4333-8444-555555555555 "$B/code/app" 1 "race b" > "$bdir/55555555-2222-4333-8444-555555555555.jsonl"
on alice ccsync push >"$TEST_DIR/ra.out" 2>&1 & pa=$!
on bob ccsync push >"$TEST_DIR/rb.out" 2>&1 & pb=$!
wait "$pa" || { cat "$TEST_DIR/ra.out"; fail "alice's push failed"; }
wait "$pb" || { cat "$TEST_DIR/rb.out"; fail "bob's push failed"; }
files=$(git --git-dir="$bare" ls-tree -r --name-only main)
expect_contains "$files" "$(sdir 44444444-2222-4333-8444-555555555555)/meta.json"
expect_contains "$files" "$(sdir 55555555-2222-4333-8444-555555555555)/meta.json"
echo "passed"
