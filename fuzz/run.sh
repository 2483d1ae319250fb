#!/usr/bin/env bash
# Runs errtable's fuzz targets, each for SECONDS, and prints a table: target,
# executions, executions per second, crashes.
#
#   fuzz/run.sh SECONDS [TARGET...]     (default: every target, one after the other)
#   RUNS=N fuzz/run.sh SECONDS ...      (each target stops after N executions, or SECONDS)
#
# Installs cargo-fuzz if it is missing (`cargo install cargo-fuzz --locked`). libFuzzer
# needs unstable compiler flags: on a stable toolchain RUSTC_BOOTSTRAP=1 allows them.
# Targets are built in release mode with debug assertions (integer overflow panics) and
# without a sanitizer (errtable forbids `unsafe`). Seeds come from the shared response
# corpus, the bundled specs and the broken-spec corpus (examples/seeds.rs); what the
# fuzzer finds grows fuzz/corpus/TARGET, crashes land in fuzz/artifacts/TARGET, and each
# run's libFuzzer output in fuzz/logs/TARGET.log. Exits 1 if any target crashed.
#
# Not part of CI: the proptest stand-ins in tests/tests/fuzz_properties.rs check the
# same properties there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

usage="usage: fuzz/run.sh SECONDS [TARGET...]"
seconds=${1:?$usage}
shift
if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
    echo "$usage (SECONDS is a whole number above 0)" >&2
    exit 2
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
flags=(--sanitizer none --debug-assertions --target-dir "$target_dir")

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

cargo run --quiet --release --target-dir "$target_dir" --example seeds >/dev/null
cargo fuzz build "${flags[@]}" >&2

mkdir -p logs
rows=()
failed=0
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target" "seeds/$target"
    before=$(find "artifacts/$target" -type f | wc -l)
    log="logs/$target.log"
    echo "fuzzing $target for ${seconds}s (log: fuzz/$log)" >&2
    start=$(date +%s.%N)
    status=0
    cargo fuzz run "${flags[@]}" "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -runs="${RUNS:--1}" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="artifacts/$target/" >"$log" 2>&1 || status=$?
    end=$(date +%s.%N)
    after=$(find "artifacts/$target" -type f | wc -l)
    crashes=$((after - before))
    if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then
        echo "error: $target exited with $status without an artifact; see fuzz/$log" >&2
        crashes="?"
    fi
    [ "$status" -ne 0 ] && failed=1
    execs=$(awk '/stat::number_of_executed_units/ {n = $2} END {print n + 0}' "$log")
    rows+=("$(awk -v t="$target" -v n="$execs" -v s="$start" -v e="$end" -v c="$crashes" \
        'BEGIN { d = e - s; printf "%-18s %14d %10.0f %8.0f %8s", t, n, n / (d > 0 ? d : 1), d, c }')")
done

printf '%-18s %14s %10s %8s %8s\n' target executions "execs/s" seconds crashes
printf '%s\n' "${rows[@]}"
exit "$failed"
