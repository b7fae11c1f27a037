#!/usr/bin/env bash
# Interrupted scans lose nothing: a generated incident is scanned once
# without interruption, then killed (SIGKILL) at chosen points -- after a
# message, inside a checkpoint, after each output -- and at timed moments,
# resumed with --resume (at another thread count), and every output is
# compared byte for byte with the uninterrupted scan's.
#   resume_test.sh LEAKSCAN MAKE_INCIDENT WORK
set -uo pipefail
leakscan=$1 generator=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
outputs=(summary.json persons.csv persons.jsonl findings.jsonl report.md)

"$generator" --scale 0.1 "$work/small" >/dev/null || fail "make_incident"
"$generator" --scale 1 "$work/large" >/dev/null || fail "make_incident"

scan() {  # scan SIZE OUT [options...]
  local size=$1 out=$2
  shift 2
  "$leakscan" scan --quiet --case "$work/$size/case.yaml" --out "$out" "$@" "$work/$size/mailbox.mbox"
}

same_as_reference() {  # same_as_reference SIZE OUT WHAT
  for name in "${outputs[@]}"; do
    cmp -s "$work/reference-$1/$name" "$2/$name" || fail "$3: $name differs from the uninterrupted scan"
  done
  [[ ! -e $2/.checkpoint ]] || fail "$3: the checkpoint was left behind"
  local left
  left=$(find "$2" -mindepth 1 | wc -l)
  [[ $left -eq ${#outputs[@]} ]] || fail "$3: $left entries in --out, expected ${#outputs[@]}: $(ls -A "$2")"
}

for size in small large; do
  scan $size "$work/reference-$size" --threads 2 || fail "reference scan"
done
messages=$(grep -c '^From ' "$work/small/mailbox.mbox")

# Deterministic points (LEAKSCAN_TEST_CRASH), checkpoints every 13 messages.
points=(message:1 message:13 message:14 message:$((messages / 2)) message:$((messages - 1)) message:$messages
        mark:1 mark:5 mark:$((messages / 13)) mark:$((messages / 13 + 1))
        output:findings.jsonl output:persons.csv output:persons.jsonl output:report.md output:summary.json)
survived=0
for point in "${points[@]}"; do
  out="$work/killed-${point//[:.]/-}"
  LEAKSCAN_TEST_CRASH=$point scan small "$out" --threads 2 --checkpoint-every 13
  rc=$?
  [[ $rc -eq 137 ]] || fail "$point: the scan was not killed (exit $rc)"
  scan small "$out" --threads 1 --checkpoint-every 13 --resume 2>/dev/null || fail "$point: --resume failed"
  same_as_reference small "$out" "killed at $point"
  survived=$((survived + 1))
done

# Killed twice: the resumed scan is killed again further on.
out="$work/killed-twice"
LEAKSCAN_TEST_CRASH=message:100 scan small "$out" --checkpoint-every 7
LEAKSCAN_TEST_CRASH=message:400 scan small "$out" --checkpoint-every 7 --resume 2>/dev/null
[[ $? -eq 137 ]] || fail "the resumed scan was not killed"
scan small "$out" --checkpoint-every 7 --resume 2>/dev/null || fail "second --resume failed"
same_as_reference small "$out" "killed twice"
survived=$((survived + 1))

# kill -9 from outside at timed moments of a larger scan (default checkpoint
# interval shortened to every 50 messages).
from_checkpoint=0
for delay in 0.3 0.8 1.4; do
  out="$work/timed-$delay"
  # exec: the pid killed must be leakscan's, not a subshell's.
  (exec "$leakscan" scan --quiet --case "$work/large/case.yaml" --out "$out" --threads 2 --checkpoint-every 50 \
    "$work/large/mailbox.mbox") &
  pid=$!
  sleep "$delay"
  kill -9 $pid 2>/dev/null
  wait $pid
  [[ -e $out/.checkpoint/state.json ]] && from_checkpoint=$((from_checkpoint + 1))
  scan large "$out" --threads 2 --checkpoint-every 50 --resume 2>"$out.err" || fail "timed $delay: --resume failed: $(cat "$out.err")"
  same_as_reference large "$out" "killed after ${delay}s"
  survived=$((survived + 1))
done

# A checkpoint is resumed only by the same scan.
out="$work/other"
LEAKSCAN_TEST_CRASH=message:50 scan small "$out"
"$leakscan" scan --quiet --resume --reveal --case "$work/small/case.yaml" --out "$out" "$work/small/mailbox.mbox" \
  2>"$work/other.err"
[[ $? -eq 2 ]] || fail "a checkpoint resumed by another scan (--reveal added)"
grep -q "checkpoint is of another scan" "$work/other.err" || fail "no reason given for refusing the checkpoint"
printf '\n' >>"$work/small/mailbox.mbox"
scan small "$out" --resume 2>/dev/null
[[ $? -eq 2 ]] || fail "a checkpoint resumed after its input changed"
# Without --resume a stale checkpoint is discarded and the scan starts over.
scan small "$out" || fail "a scan over a stale checkpoint"
[[ ! -e $out/.checkpoint ]] || fail "the stale checkpoint was left behind"
# --resume with no checkpoint scans from the start.
out="$work/fresh"
scan small "$out" --resume 2>/dev/null || fail "--resume without a checkpoint"
echo "resume: $survived interruptions survived ($from_checkpoint of 3 timed kills left a checkpoint), outputs byte-identical"
