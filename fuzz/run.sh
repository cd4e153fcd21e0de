#!/bin/bash
# Fuzz manlint's parser, text renderer and lint checker for SECONDS
# (default 60):   fuzz/run.sh [SECONDS]
#
# Needs atheris (pip install atheris).  The growing corpus, the logs and any
# crashing inputs go to $FUZZ_WORK (default ${TMPDIR:-/tmp}/manlint-fuzz);
# fuzz/seeds and tests/hardening/hostile seed the corpus.  libFuzzer stops
# at the first crash, so the run is restarted until the time is used up.
# Exit status: 0 when no crash was found, 1 when one was, 2 on a setup error.
set -u
budget=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
work=${FUZZ_WORK:-${TMPDIR:-/tmp}/manlint-fuzz}
python=${PYTHON:-python3}

if ! "$python" -c 'import atheris' 2>/dev/null; then
    echo "fuzz/run.sh: atheris is not installed (pip install atheris)" >&2
    exit 2
fi
mkdir -p "$work/corpus" "$work/crashes"
seeds=("$here/seeds")
[ -d "$root/tests/hardening/hostile" ] && seeds+=("$root/tests/hardening/hostile")

deadline=$(( $(date +%s) + budget ))
runs=0
execs=0
crashes_before=$(ls "$work/crashes" | wc -l)
while :; do
    left=$(( deadline - $(date +%s) ))
    [ "$left" -le 0 ] && break
    runs=$(( runs + 1 ))
    log="$work/run-$(date +%Y%m%d-%H%M%S)-$runs.log"
    started=$(date +%s)
    "$python" "$here/fuzz_parser.py" \
        -max_total_time="$left" -timeout=30 -rss_limit_mb=4096 -max_len=8192 \
        -dict="$here/roff.dict" -artifact_prefix="$work/crashes/" \
        -print_final_stats=1 "$work/corpus" "${seeds[@]}" >"$log" 2>&1
    status=$?
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    execs=$(( execs + ${n:-0} ))
    if [ "$status" -ne 0 ]; then
        echo "fuzz/run.sh: run $runs stopped with status $status; see $log" >&2
        grep -m1 -E '^(=== Uncaught Python exception|.*ERROR: libFuzzer)' "$log" >&2
        grep -A3 -m1 -E '^[A-Za-z]*(Error|Exception):' "$log" >&2
        if [ $(( $(date +%s) - started )) -lt 3 ] && [ "$(ls "$work/crashes" | wc -l)" -eq "$crashes_before" ]; then
            echo "fuzz/run.sh: the fuzzer does not start; giving up" >&2
            exit 2
        fi
    fi
done
crashes=$(( $(ls "$work/crashes" | wc -l) - crashes_before ))
echo "fuzz/run.sh: $runs run(s), $execs executions in ${budget}s, $crashes new crash file(s) in $work/crashes"
[ "$crashes" -eq 0 ]
