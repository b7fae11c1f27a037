#!/usr/bin/env bash
# The end-to-end scan under valgrind's memcheck: the bundled sample and a
# small generated incident (every attachment kind, two threads, a resumed
# scan), no error outside tests/valgrind.supp, and the same outputs as
# without valgrind.
#   valgrind_test.sh LEAKSCAN MAKE_INCIDENT WORK SUPPRESSIONS SOURCE_DIR
set -uo pipefail
leakscan=$1 generator=$2 work=$3 suppressions=$4 source=$5
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
# The tool links jemalloc where it is installed: memcheck replaces its
# malloc too, so the heap is checked as with glibc's.
memcheck() {
  valgrind --error-exitcode=99 -q --soname-synonyms=somalloc='*jemalloc*' --suppressions="$suppressions" \
    "$leakscan" "$@"
}

"$generator" --scale 0.1 "$work/incident" >/dev/null || fail "make_incident"
cd "$source"
memcheck dump --text samples/basic/mailbox.mbox >/dev/null || fail "dump of the sample (exit $?)"
memcheck scan --quiet --case samples/basic/case.yaml --out "$work/sample" samples/basic/mailbox.mbox ||
  fail "scan of the sample (exit $?)"
incident=(--quiet --case "$work/incident/case.yaml" "$work/incident/mailbox.mbox")
"$leakscan" scan "${incident[@]}" --out "$work/native" || fail "native scan"
memcheck scan "${incident[@]}" --threads 2 --out "$work/memcheck" || fail "scan of the incident (exit $?)"
LEAKSCAN_TEST_CRASH=message:300 "$leakscan" scan "${incident[@]}" --checkpoint-every 50 --out "$work/resumed"
memcheck scan "${incident[@]}" --resume --out "$work/resumed" 2>/dev/null || fail "resumed scan (exit $?)"
for out in memcheck resumed; do
  for name in summary.json persons.csv persons.jsonl findings.jsonl report.md; do
    cmp -s "$work/native/$name" "$work/$out/$name" || fail "$out: $name differs from the scan without valgrind"
  done
done
echo "valgrind: clean"
