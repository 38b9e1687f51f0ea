#!/usr/bin/env bash
# The manual page portdb(1): renders without a warning, and names every
# command and option the binary knows (read from its --help, so the test
# follows the binary), every exit code, and every variable the code reads.
#   test_man_page.sh PORTDB MAN_PAGE SOURCE_DIR
set -euo pipefail
portdb=$1 page=$2 source=$3
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# Rendering: groff and man, warnings on, must say nothing.
warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
[ -z "$warnings" ] || fail "groff warns: $warnings"
if command -v man >/dev/null; then
  warnings=$(MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null)
  [ -z "$warnings" ] || fail "man warns: $warnings"
fi

# Plain text, one paragraph a line (no wrapping, no hyphenation).
text=$(groff -man -Tascii -rLL=2000n -rHY=0 -P-cbou "$page")
section() {  # the lines of a section (SH) or, with a second argument, of a command's subsection (SS)
  if [ $# -eq 1 ]; then
    awk -v h="$1" '/^[A-Z]/ { on = ($0 == h); next } on' <<<"$text"
  else
    awk -v c="$2" '/^[A-Z]/ { sh = ($0 == "COMMANDS"); on = 0; next }
                   sh && /^   [a-z]/ { split($0, w, " "); on = (w[1] == c); next } on' <<<"$text"
  fi
}
has_option() {  # $1 the option, whole (--all is not --all-x), in stdin
  grep -qE -- "(^|[^-a-z])$1([^-a-z]|\$)"
}
options_of() {  # the options a help text lists: "  --instance N ...", "  -v, --all ..."
  grep -oE '^  (-[a-z], )?--[a-z][a-z-]*' | grep -oE -- '--?[a-z][a-z-]*'
}

general=$("$portdb" --help)
commands=$(awk '/^Commands:$/ { on = 1; next } on && /^$/ { exit } on && /^  [a-z]/ { print $1 }' <<<"$general")
[ "$(wc -l <<<"$commands")" -ge 13 ] || fail "fewer than 13 commands in portdb --help: $commands"

global=$(section "GLOBAL OPTIONS")
for option in $(options_of <<<"$general"); do
  has_option "$option" <<<"$global" || fail "global option $option is not in GLOBAL OPTIONS"
done
globals=$(options_of <<<"$general")
for command in $commands; do
  part=$(section COMMANDS "$command")
  [ -n "$part" ] || { fail "command $command has no subsection in COMMANDS"; continue; }
  grep -qF "portdb $command" <<<"$part" || fail "command $command has no example"
  for option in $("$portdb" "$command" --help | options_of); do
    grep -qxF -- "$option" <<<"$globals" && continue  # described once, in GLOBAL OPTIONS
    has_option "$option" <<<"$part" || fail "$command's option $option is not in its subsection"
  done
done

status=$(section "EXIT STATUS")
for code in 0 1 2 3 4 10 11; do
  grep -qx "       $code" <<<"$status" || fail "exit code $code is not in EXIT STATUS"
done

environment=$(section ENVIRONMENT)
# The program reads its environment in one place (query/cli/settings.cpp), through variable() and path_variable().
settings=$source/query/cli/settings.cpp
variables=$(grep -hoE '(path_)?variable\("[A-Za-z_]+"\)' "$settings" | sed -E 's/.*variable\("(.*)"\)/\1/' | sort -u)
[ -n "$variables" ] || fail "no variable read in $settings"
elsewhere=$(grep -rlE '(std::)?getenv\(' "$source/db" "$source/importer" "$source/query" | grep -vx "$settings" || true)
[ -z "$elsewhere" ] || fail "the environment is read outside $settings: $elsewhere"
for variable in $variables; do
  grep -qw -- "$variable" <<<"$environment" || fail "environment variable $variable is not in ENVIRONMENT"
done

json=$(section "JSON OUTPUT")
for word in '"error"' '"message"' '"exit_code"' '"kind"' usage refused data internal; do
  grep -qF -- "$word" <<<"$json" || fail "the JSON error object's $word is not in JSON OUTPUT"
done
for heading in NAME SYNOPSIS DESCRIPTION FILES "SEE ALSO" VERDICTS; do
  grep -qx "$heading" <<<"$text" || fail "no $heading section"
done
grep -qF 'services(5)' <<<"$(section "SEE ALSO")" || fail "SEE ALSO does not name services(5)"

[ "$failures" -eq 0 ] || exit 1
echo "man page: $(wc -l <<<"$commands") commands, $(wc -l <<<"$variables") environment variables checked"
