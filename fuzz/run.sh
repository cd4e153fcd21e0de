#!/bin/bash
# Fuzz manlint for SECONDS in all (default 60), split evenly between the
# targets (default: all three):
#
#     fuzz/run.sh [SECONDS] [parser|patch|html ...]
#
#   parser  fuzz_parser.py: reader, man(7) parser, tree dump, text renderer, lint
#   patch   fuzz_patch.py:  patch reader, path checks, applying hunks in memory
#   html    fuzz_html.py:   HTML through the docutils bridge, audited for script
#
# Needs atheris (pip install atheris) in $PYTHON (default: .venv/bin/python if
# there is one, else python3).  Each target's growing corpus and the
# crashing inputs go to $FUZZ_WORK/TARGET (default ${TMPDIR:-/tmp}/manlint-fuzz);
# fuzz/seeds (pages), fuzz/seeds_patch and manpages/examples (patches) and
# tests/hardening/hostile seed them, and so do the directories, ':'-separated,
# in $FUZZ_SEEDS (pages) and $FUZZ_PATCH_SEEDS (patches).  libFuzzer stops at
# the first crash, so a target is restarted until its time is used up.  One
# core: the targets run one after another.  A line per target and a total
# go to standard output and to $FUZZ_WORK/summary.txt.
# Exit status: 0 when no crash was found, 1 when one was, 2 on a setup error.
set -u
budget=${1:-60}
shift $(( $# > 0 ? 1 : 0 ))
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(parser patch html)
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
work=${FUZZ_WORK:-${TMPDIR:-/tmp}/manlint-fuzz}
python=${PYTHON:-}
if [ -z "$python" ]; then
    python=python3
    [ -x "$root/.venv/bin/python" ] && python="$root/.venv/bin/python"
fi

if ! "$python" -c 'import atheris' 2>/dev/null; then
    echo "fuzz/run.sh: atheris is not installed (pip install atheris)" >&2
    exit 2
fi
for t in "${targets[@]}"; do
    case $t in parser|patch|html) ;;
        *) echo "fuzz/run.sh: unknown target $t (parser, patch or html)" >&2; exit 2 ;;
    esac
done
share=$(( budget / ${#targets[@]} ))
if [ "$share" -lt 1 ]; then
    echo "fuzz/run.sh: $budget s is too little for ${#targets[@]} target(s)" >&2
    exit 2
fi
mkdir -p "$work"

# fuzz_one TARGET SECONDS: run one target for its share; prints its line.
fuzz_one() {
    local t=$1 secs=$2 dict seeds=() extra
    local corpus="$work/$t/corpus" crashes="$work/$t/crashes"
    mkdir -p "$corpus" "$crashes"
    if [ "$t" = patch ]; then
        dict="$here/patch.dict"
        seeds=("$here/seeds_patch" "$root/manpages/examples")
        extra=${FUZZ_PATCH_SEEDS:-}
    else
        dict="$here/roff.dict"
        seeds=("$here/seeds")
        [ -d "$root/tests/hardening/hostile" ] && seeds+=("$root/tests/hardening/hostile")
        extra=${FUZZ_SEEDS:-}
    fi
    local IFS_save=$IFS d
    IFS=:
    for d in $extra; do [ -d "$d" ] && seeds+=("$d"); done
    IFS=$IFS_save
    local before found runs=0 execs=0 start deadline left log status n started
    before=$(ls "$crashes" | grep -cE '^(crash|timeout|oom|leak)-')
    start=$(date +%s)
    deadline=$(( start + secs ))
    while :; do
        left=$(( deadline - $(date +%s) ))
        [ "$left" -le 0 ] && break
        runs=$(( runs + 1 ))
        log="$work/$t/run-$(date +%Y%m%d-%H%M%S)-$runs.log"
        started=$(date +%s)
        "$python" "$here/fuzz_$t.py" \
            -max_total_time="$left" -timeout=30 -rss_limit_mb=4096 -max_len=8192 \
            -dict="$dict" -artifact_prefix="$crashes/" \
            -print_final_stats=1 "$corpus" "${seeds[@]}" >"$log" 2>&1
        status=$?
        n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        execs=$(( execs + ${n:-0} ))
        if [ "$status" -ne 0 ]; then
            echo "fuzz/run.sh: $t run $runs stopped with status $status; see $log" >&2
            grep -m1 -E '^(=== Uncaught Python exception|.*ERROR: libFuzzer)' "$log" >&2
            grep -A3 -m1 -E '^[A-Za-z]*(Error|Exception):' "$log" >&2
            if [ $(( $(date +%s) - started )) -lt 3 ] && \
                    [ "$(ls "$crashes" | grep -cE '^(crash|timeout|oom|leak)-')" -eq "$before" ]; then
                echo "fuzz/run.sh: the $t fuzzer does not start; giving up" >&2
                return 2
            fi
        fi
    done
    local took=$(( $(date +%s) - start ))
    found=$(( $(ls "$crashes" | grep -cE '^(crash|timeout|oom|leak)-') - before ))
    local rate=$(( execs / (took > 0 ? took : 1) ))
    echo "$t: $runs run(s), $execs executions in ${took} s ($rate exec/s), $found new crash file(s) in $crashes" \
        | tee -a "$work/summary.txt"
    [ "$found" -eq 0 ]
}

result=0
for t in "${targets[@]}"; do
    fuzz_one "$t" "$share"
    s=$?
    [ "$s" -eq 2 ] && exit 2
    [ "$s" -ne 0 ] && result=1
done
echo "fuzz/run.sh: ${#targets[@]} target(s), ${share} s each, $([ $result -eq 0 ] && echo 'no crash' || echo 'crashes found')" \
    | tee -a "$work/summary.txt"
exit $result
