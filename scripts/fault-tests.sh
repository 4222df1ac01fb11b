#!/usr/bin/env bash
# Fault injection against a real runner (issue 13). Run as root, alone on the machine's heavy work:
#   flock /work/heavy.lock scripts/fault-tests.sh
# 1. per local backend (FAULT_BACKENDS, default "host lxc qemu"): SIGKILL the runner mid-trial,
#    'virtbench clean', assert nothing of the dead run is left, resume, assert it completes;
# 2. a small tmpfs holds --out and fills mid-campaign: the runner stops with "disk full on DIR";
#    the tmpfs is grown, the campaign resumed; every journal line parses, no sample ran twice;
# 3. a finished journal truncated at FAULT_CUTS (default 100) random byte offsets: each resume
#    completes or refuses with a line number, never a stack trace.
# Prints the counts; exits 1 when any check failed.
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
vb="$root/virtbench"
backends="${FAULT_BACKENDS:-host lxc qemu}"
cuts="${FAULT_CUTS:-100}"
jobs="${FAULT_JOBS:-$(nproc)}"   # truncation cuts resumed at once
[ "$(id -u)" = 0 ] || { echo "fault-tests: run as root (lxc, qemu and tmpfs need it)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "fault-tests: python3 is missing (apt-get install python3)" >&2; exit 2; }

work="$(mktemp -d /var/tmp/virtbench-fault.XXXXXXXX)"   # mktemp: a fresh private name, never a fixed one
mnt=""
cleanup() {
  [ -n "$mnt" ] && mountpoint -q "$mnt" && umount "$mnt"
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
pass=0; fail=0
trace='Exception|^[[:space:]]+at [a-z]'   # what a Java stack trace looks like
parts="${FAULT_PARTS:-1 2 3}"
ok() { pass=$((pass + 1)); echo "  ok: $*"; }
bad() { fail=$((fail + 1)); echo "  FAIL: $*"; }

# A campaign small enough to finish in seconds on every backend: dd-null, a few short trials.
campaign=(--include '^dd-null$' --profile quick -p count=400000 --repeat 4 --discard 1)

journal_ok() { # every complete line parses; (cell, attempt, guest, trial) of samples unique; prints samples
  python3 - "$1" <<'EOF'
import json, sys
seen = set(); n = 0
with open(sys.argv[1], 'rb') as f:
    data = f.read()
for number, line in enumerate(data.split(b'\n')[:-1], 1):
    e = json.loads(line.decode('utf-8'))          # raises on a line that does not parse
    if e.get('type') == 'sample':
        key = (e['workload'], e['backend'], e['guests'], e['attempt'], e['guest'], e['trial'])
        if key in seen:
            sys.exit(f"line {number}: sample {key} twice")
        seen.add(key); n += 1
print(n)
EOF
}

results_complete() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["campaign"]["complete"] else 1)' "$1"
}

owned_by() { # run folders of virtbench's state whose owner file names pid $1
  grep -lsE "\"pid\":$1[,}]|^$1 " /var/lib/virtbench/{host,qemu,lxc}/*/owner /var/lib/virtbench/{host,qemu,lxc}/*/.owner \
    | xargs -r -n1 dirname
}

uses_dir() { # pids whose cwd, root or command line lies in folder $1
  local d="$1" p
  for p in /proc/[0-9]*; do
    { [[ "$(readlink "$p/cwd" 2>/dev/null)" == "$d"* ]] || [[ "$(readlink "$p/root" 2>/dev/null)" == "$d"* ]] \
      || { tr '\0' ' ' < "$p/cmdline"; } 2>/dev/null | grep -qF -- "$d/"; } && echo "${p#/proc/}"
  done
}

echo "fault-tests: building"
"$vb" --version >/dev/null || { echo "fault-tests: the build failed" >&2; exit 1; }
if [[ " $backends " == *" lxc "* || " $backends " == *" qemu "* ]]; then
  # lxc and qemu guests boot a cached image: the tests' own recipe (a cache hit after scripts/test.sh,
  # about 2 min of debootstrap on a fresh machine); dd-null needs nothing more.
  "$vb" image build --packages bzip2,iproute2 >"$work/image.log" 2>&1 \
    || { echo "fault-tests: the guest image build failed: $(tail -n 3 "$work/image.log")" >&2; exit 1; }
  echo "fault-tests: guest image: $(tail -n 1 "$work/image.log")"
fi
total=$SECONDS

if [[ " $parts " == *" 1 "* ]]; then
start=$SECONDS
echo "== 1. SIGKILL mid-trial, clean, resume (backends: $backends)"
for b in $backends; do
  out="$work/kill-$b"
  "$vb" run --backend "$b" "${campaign[@]}" --out "$out" >"$work/kill-$b.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1800); do   # up to 3 min: a qemu guest boots first
    grep -qs '"type":"sample"' "$out/journal.jsonl" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if ! grep -qs '"type":"sample"' "$out/journal.jsonl"; then
    bad "$b: no sample before the runner ended: $(tail -n 3 "$work/kill-$b.log" | tr '\n' ' ')"
    wait "$pid" 2>/dev/null; continue
  fi
  runs="$(owned_by "$pid")"
  kill -KILL "$pid"; wait "$pid" 2>/dev/null
  [ -n "$runs" ] && ok "$b: runner killed mid-trial with run folder(s) $runs" || bad "$b: no run folder of pid $pid found"
  "$vb" clean --backend "$b" >"$work/clean-$b.out" 2>"$work/clean-$b.err" \
    && ok "$b: clean listed $(wc -l <"$work/clean-$b.out") removal(s)" || bad "$b: clean failed: $(cat "$work/clean-$b.err")"
  left=""
  for r in $runs; do
    [ -e "$r" ] && left="$left folder $r"
    users="$(uses_dir "$r" | tr '\n' ' ')"; [ -n "$users" ] && left="$left processes $users"
  done
  [ -z "$left" ] && ok "$b: nothing of the dead run is left" || bad "$b: left after clean:$left"
  if "$vb" run --resume "$out" >"$work/resume-$b.log" 2>&1 && results_complete "$out/results.json"; then
    ok "$b: resumed and completed"
  else
    bad "$b: resume did not complete: $(tail -n 3 "$work/resume-$b.log" | tr '\n' ' ')"
  fi
  n="$(journal_ok "$out/journal.jsonl")" && ok "$b: journal parses, $n samples, none twice" || bad "$b: journal: $n"
done
echo "   ($((SECONDS - start)) s)"
fi

if [[ " $parts " == *" 2 "* ]]; then
start=$SECONDS
echo "== 2. disk full mid-campaign on a tmpfs, grown, resumed"
mnt="$work/tmpfs"; mkdir -m 0700 "$mnt"
mount -t tmpfs -o size=64k,mode=0700 virtbench-fault "$mnt"
out="$mnt/campaign"
"$vb" run --backend host --include '^dd-null$' --profile quick -p count=2000 --repeat 200 --discard 1 --out "$out" \
  >"$work/full.log" 2>&1
status=$?
last="$(grep -v '^ ' "$work/full.log" | tail -n 1)"
if [ "$status" = 1 ] && [ "$last" = "virtbench: disk full on $out; free space and run --resume $out" ]; then
  ok "stopped with one line: $last"
else
  bad "exit $status, last line: $last"
fi
grep -qE "$trace" "$work/full.log" && bad "a stack trace: $(grep -m1 'Exception' "$work/full.log")" || ok "no stack trace"
[ -z "$(tail -c 1 "$out/journal.jsonl")" ] && ok "the journal ends with a whole line" || bad "the journal ends mid-line"
grep -q '"status":"failed"' "$out/journal.jsonl" && bad "a sample or cell was recorded failed" || ok "nothing recorded failed"
mount -o remount,size=8m "$mnt"
if "$vb" run --resume "$out" >"$work/full-resume.log" 2>&1 && results_complete "$out/results.json"; then
  ok "resumed after space was freed and completed"
else
  bad "resume after space was freed: $(tail -n 3 "$work/full-resume.log" | tr '\n' ' ')"
fi
n="$(journal_ok "$out/journal.jsonl")" && ok "journal parses, $n samples, none run twice" || bad "journal: $n"
umount "$mnt"; mnt=""
echo "   ($((SECONDS - start)) s)"
fi

if [[ " $parts " == *" 3 "* ]]; then
start=$SECONDS
echo "== 3. a finished journal truncated at $cuts random offsets, resumed"
finished="$work/finished"
"$vb" run --backend host --include '^dd-null$' --profile quick -p count=2000 --repeat 3 --discard 1 --out "$finished" \
  >"$work/finished.log" 2>&1 || bad "the campaign to truncate did not finish: $(tail -n 2 "$work/finished.log")"
size=$(stat -c %s "$finished/journal.jsonl")
# The cuts run side by side, one per core: each is a resume of its own copy in its own folder (its
# own run identity, so the pre-run sweeps of the others leave it alone). The seed makes a failing
# set of offsets repeatable: FAULT_SEED=N.
seed="${FAULT_SEED:-$((RANDOM * 32768 + RANDOM))}"
echo "   seed $seed ($size bytes, $jobs at a time)"
RANDOM=$((seed % 32768))
cut() { # $1: the cut's number, $2: its offset; writes "completed", "refused" or why neither
  local d="$work/cut-$1" log="$work/cut-$1.log" status
  cp -a "$finished" "$d"
  truncate -s "$2" "$d/journal.jsonl"
  "$vb" run --resume "$d" >"$log" 2>&1
  status=$?
  if grep -qE "$trace" "$log"; then
    echo "cut at $2: stack trace: $(grep -m1 Exception "$log")"
  elif [ "$status" = 0 ] && results_complete "$d/results.json" && journal_ok "$d/journal.jsonl" >/dev/null; then
    echo completed
  elif [ "$status" = 2 ] && grep -q 'line [0-9]' "$log"; then
    echo refused
  else
    echo "cut at $2: exit $status: $(tail -n 2 "$log" | tr '\n' ' ')"
  fi >"$work/cut-$1.result"
  rm -rf "$d"
}
for i in $(seq 1 "$cuts"); do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  cut "$i" $(( (RANDOM * 32768 + RANDOM) % size )) &
done
wait
completed=$(cat "$work"/cut-*.result | grep -cx completed)
refused=$(cat "$work"/cut-*.result | grep -cx refused)
broken=$((cuts - completed - refused))
grep -hvx -e completed -e refused "$work"/cut-*.result | sed 's/^/  /'
[ "$broken" = 0 ] && ok "$cuts cuts: $completed completed, $refused refused with a line number" \
  || bad "$cuts cuts: $completed completed, $refused refused, $broken neither"
echo "   ($((SECONDS - start)) s)"
fi

echo "fault-tests: $pass passed, $fail failed in $((SECONDS - total)) s"
[ "$fail" = 0 ]
