#!/bin/sh
# Renders an Alertmanager config template: replaces ${NAME} and ${NAME:-default} with the
# environment's values. Fails, naming every unset variable and its line, when a ${NAME} without a
# default is unset or empty. Values are escaped for double-quoted YAML strings.
# usage: render-config.sh <template> <output>
set -eu
if [ "$#" -ne 2 ]; then
  echo "usage: render-config.sh <template> <output>" >&2
  exit 2
fi
template=$1
output=$2
tmp="$output.tmp.$$"
trap 'rm -f "$tmp"' EXIT
awk '
  /^[[:space:]]*#/ { print; next }
  {
    line = $0; out = ""
    while (match(line, /\$\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}/)) {
      token = substr(line, RSTART + 2, RLENGTH - 3)
      name = token; fallback = ""; has_default = 0
      split_at = index(token, ":-")
      if (split_at > 0) { name = substr(token, 1, split_at - 1); fallback = substr(token, split_at + 2); has_default = 1 }
      if ((name in ENVIRON) && ENVIRON[name] != "") value = ENVIRON[name]
      else if (has_default) value = fallback
      else {
        printf "render-config: %s:%d: %s is not set; export it (or write ${%s:-default} in the template)\n", FILENAME, FNR, name, name > "/dev/stderr"
        failed = 1; value = ""
      }
      gsub(/\\/, "\\\\", value); gsub(/"/, "\\\"", value)
      out = out substr(line, 1, RSTART - 1) value
      line = substr(line, RSTART + RLENGTH)
    }
    print out line
  }
  END { exit failed ? 1 : 0 }
' "$template" > "$tmp"
mv "$tmp" "$output"
