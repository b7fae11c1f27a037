#!/usr/bin/env bash
# leakscan reaches no network and writes nothing outside --out: scans of
# the sample and of a generated incident (every attachment kind, pictures
# with faces), verify and --version, with every socket other than AF_UNIX
# and every name lookup refused and logged by a preloaded guard
# (no_network_guard.cc), and HOME, TMPDIR and the XDG directories pointed
# at empty directories that must stay empty (a library's cache would land
# there); then the same scan in a network namespace with no interface at
# all (unshare -rn, where the machine allows it). Outputs must equal a
# normal scan's.
#   no_network_test.sh LEAKSCAN MAKE_INCIDENT GUARD_LIBRARY WORK SOURCE_DIR
set -uo pipefail
leakscan=$1 generator=$2 guard=$3 work=$4 source=$5
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
log=$work/network.log
mkdir -p "$work/home" "$work/tmp" "$work/xdg"
guarded() {
  LD_PRELOAD=$guard LEAKSCAN_NO_NETWORK_LOG=$log HOME=$work/home TMPDIR=$work/tmp XDG_CACHE_HOME=$work/xdg/cache \
    XDG_CONFIG_HOME=$work/xdg/config XDG_DATA_HOME=$work/xdg/data XDG_RUNTIME_DIR=$work/xdg/run "$leakscan" "$@"
}

"$generator" --scale 0.1 "$work/incident" >/dev/null || fail "make_incident"
cd "$source"
incident=(--quiet --case "$work/incident/case.yaml" "$work/incident/mailbox.mbox")
"$leakscan" scan "${incident[@]}" --out "$work/plain" || fail "scan without the guard"

# The guard works: a lookup and a socket made on purpose are logged.
LD_PRELOAD=$guard LEAKSCAN_NO_NETWORK_LOG=$work/probe.log python3 -c '
import socket
try: socket.getaddrinfo("example.com", 80)
except OSError: pass
try: socket.socket(socket.AF_INET, socket.SOCK_STREAM)
except OSError: pass' 2>/dev/null
[[ $(grep -c -e getaddrinfo -e "socket 2 " "$work/probe.log" 2>/dev/null) == 2 ]] ||
  fail "the guard did not see the probe's lookup and socket: $(cat "$work/probe.log" 2>/dev/null)"

guarded --version >/dev/null || fail "--version"
guarded scan --quiet --case samples/basic/case.yaml --out "$work/sample" samples/basic/mailbox.mbox || fail "sample scan"
guarded scan "${incident[@]}" --threads 2 --out "$work/guarded" || fail "incident scan"
guarded verify --out "$work/guarded" >/dev/null || fail "verify"
if "$leakscan" --version | grep -q "^OCR: yes"; then
  guarded scan "${incident[@]}" --ocr --out "$work/ocr" || fail "incident scan with --ocr"
fi
[[ -e $log ]] && fail "network calls: $(sort "$log" | uniq -c | tr '\n' ';')"
left=$(find "$work/home" "$work/tmp" "$work/xdg" -mindepth 1 | head -5)
[[ -z $left ]] || fail "files written outside --out: $left"
for name in summary.json persons.csv persons.jsonl findings.jsonl report.md; do
  cmp -s "$work/plain/$name" "$work/guarded/$name" || fail "$name differs under the guard"
done

if unshare -rn true 2>/dev/null; then
  unshare -rn "$leakscan" scan "${incident[@]}" --out "$work/isolated" || fail "scan without a network"
  for name in summary.json persons.csv persons.jsonl findings.jsonl report.md; do
    cmp -s "$work/plain/$name" "$work/isolated/$name" || fail "$name differs without a network"
  done
  echo "no network: guard clean, unshare -rn scan identical"
else
  echo "no network: guard clean (unshare -rn not permitted here: namespace run skipped)"
fi
