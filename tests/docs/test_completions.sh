#!/usr/bin/env bash
# The shell completions: each loads without an error, and completes commands,
# every option the binary's help lists per command, option values, and
# service names from the database (through portdb names), passing a --db
# already on the line through.
#   test_completions.sh PORTDB SOURCE_DIR
set -euo pipefail
portdb=$1 source=$2
completions=$source/doc/completions
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PATH="$work/bin:$PATH" HOME="$work" NO_COLOR=1 PORTDB_DATA_DIR=/nonexistent/data \
  PORTDB_SYSTEM_SERVICES=/nonexistent/services PORTDB_NMAP_SERVICES=/nonexistent/nmap-services
unset PORTDB_SITE PORTDB_ON
mkdir "$work/bin" && ln -s "$(realpath "$portdb")" "$work/bin/portdb"
# Two databases: the one --db names has finger; $PORTDB_DB has only ssh.
portdb --db "$work/with-finger.sqlite" import "$source/tests/fixtures/services/etc-services" >/dev/null
printf 'ssh\t22/tcp\n' >"$work/ssh-services"
portdb --db "$work/ssh-only.sqlite" import "$work/ssh-services" >/dev/null
export PORTDB_DB=$work/with-finger.sqlite

general=$(portdb --help)
commands=$(awk '/^Commands:$/ { on = 1; next } on && /^$/ { exit } on && /^  [a-z]/ { print $1 }' <<<"$general")
# The long options a help text lists (completions offer long options; -h and -v are typed, not completed).
options_of() { grep -oE '^  (-[a-z], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z][a-z-]*' | grep -vx -- '--version'; }

# bash: COMPREPLY for a command line whose last word is being completed.
bash_complete() {
  bash --norc --noprofile -c 'source "$1" && shift && COMP_WORDS=("$@") && COMP_CWORD=$(($# - 1)) && { _portdb || true; } &&
                              printf "%s\n" "${COMPREPLY[@]}"' bash "$completions/portdb.bash" "$@"
}
expect_bash() {  # expect_bash WORD -- COMMAND LINE...
  local want=$1
  shift 2
  local offered
  offered=$(bash_complete "$@") || true
  grep -qxF -- "$want" <<<"$offered" || fail "bash: '$*' does not offer $want (offers: $(tr '\n' ' ' <<<"$offered"))"
}
reject_bash() {
  local unwanted=$1
  shift 2
  local offered
  offered=$(bash_complete "$@") || true
  ! grep -qxF -- "$unwanted" <<<"$offered" || fail "bash: '$*' offers $unwanted"
}

loaded=$(bash --norc --noprofile -c 'source "$1" && complete -p portdb' bash "$completions/portdb.bash" 2>&1)
[ "$loaded" = "complete -F _portdb portdb" ] || fail "bash: sourcing gives: $loaded"
expect_bash lookup -- portdb lo
expect_bash reservations -- portdb res
expect_bash names -- portdb na
expect_bash audit -- portdb au
expect_bash sarif -- portdb audit --format s
expect_bash finger -- portdb lookup fing
expect_bash finger -- portdb suggest FING
expect_bash services -- portdb export --format ''
expect_bash csv -- portdb --json export --format c
expect_bash linux,kubernetes -- portdb check 80 --on linux,ku
expect_bash udp -- portdb search mail --protocol u
expect_bash rfc1700 -- portdb update --source r
expect_bash registry -- portdb lookup x --source reg
expect_bash --db -- portdb --d
PORTDB_DB=$work/ssh-only.sqlite reject_bash finger -- portdb lookup fing
PORTDB_DB=$work/ssh-only.sqlite expect_bash finger -- portdb --db "$work/with-finger.sqlite" lookup fing
PORTDB_DB=$work/ssh-only.sqlite expect_bash finger -- portdb lookup --db "$work/with-finger.sqlite" --source system fing
for command in $commands; do
  for option in $(portdb "$command" --help | options_of); do
    expect_bash "$option" -- portdb "$command" "${option:0:2}"
  done
done

# zsh: the file parses, loads through compinit and registers _portdb for portdb,
# and names every option of the binary.
zsh -n "$completions/_portdb" || fail "zsh: _portdb does not parse"
loaded=$(zsh -f -c 'autoload -Uz compinit && compinit -u -D -d "$1/zcompdump" && source "$2" && print -r -- $_comps[portdb]' \
  zsh "$work" "$completions/_portdb" 2>&1)
[ "$loaded" = _portdb ] || fail "zsh: sourcing gives: $loaded"
for command in $commands; do
  grep -qF "$command:" "$completions/_portdb" || fail "zsh: no command $command"
  for option in $(portdb "$command" --help | options_of); do
    grep -qE -- "(^|[^-a-z])$option(\[|=|\})" "$completions/_portdb" || fail "zsh: no $option (of $command)"
  done
done

# fish: the file parses, and completes as bash does.
fish_complete() { fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$completions/portdb.fish" "$1" | cut -f1; }
expect_fish() {
  local offered
  offered=$(fish_complete "$2") || true
  grep -qxF -- "$1" <<<"$offered" || fail "fish: '$2' does not offer $1 (offers: $(tr '\n' ' ' <<<"$offered"))"
}
fish --no-config -n "$completions/portdb.fish" || fail "fish: portdb.fish does not parse"
expect_fish lookup 'portdb lo'
expect_fish finger 'portdb lookup fing'
expect_fish json 'portdb export --format j'
expect_fish linux,kubernetes 'portdb check 80 --on linux,ku'
PORTDB_DB=$work/ssh-only.sqlite expect_fish finger "portdb --db $work/with-finger.sqlite lookup fing"
for command in $commands; do
  for option in $(portdb "$command" --help | options_of); do
    expect_fish "$option" "portdb $command ${option:0:2}"
  done
done

[ "$failures" -eq 0 ] || exit 1
echo "completions: bash, zsh and fish checked for $(wc -l <<<"$commands") commands"
