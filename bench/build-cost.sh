#!/usr/bin/env bash
# Build cost of #[errtable::catalog] for its users (GitHub issue 9).
#
#   bash bench/build-cost.sh            # sizes 10, 100, 1,000, 5,000; 3 runs each (~30-60 min)
#   bash bench/build-cost.sh --quick    # smoke run: sizes 10 and 1,000, 1 run, no release build
#
# Options: --runs N (default 3), --sizes "10 1000" (codes per catalog), --no-cold (skip the
# cold dependency builds), --cold-only (the cold builds alone, about 30 s a run), --against
# REV (the cold build also of an older commit, from a git worktree, interleaved with the
# others), --mem-cap GB (virtual memory cap of each build, default 10: a build over it is
# reported as FAIL instead of pushing a shared machine out of memory), --keep (keep the
# temp dir).
#
# In a temp dir it generates synthetic catalogs of each size (realistic entries: string
# codes, statuses, retry classes and delays, descriptions and resolutions, typed fields
# on one entry in four) and, for each, two client crates depending on this workspace's
# crates by path: one using the macro, one with the expansion pasted in (the output of
# `errtable generate`, which is exactly what the macro expands to). It measures, as
# interleaved macro/pasted pairs with the median of N runs:
#
#   full     debug rebuild of the client crate alone (`cargo clean -p`, dependencies built)
#   incr     debug rebuild after `touch src/lib.rs`, with cargo's default incremental mode
#   check    `cargo check` of the client crate alone; macro minus pasted is the time the
#            macro takes (expansion, the spec's loading and validation included)
#   release  release rebuild of the client crate alone, at 1,000 codes
#   passes   rustc's -Z time-passes (RUSTC_BOOTSTRAP=1): macro expansion and type checking
#
# then the generated lines per code (all, and outside doc comments) and bytes per code,
# the growth from 1,000 to 5,000 codes, and a cold debug build (fresh target dir,
# dependencies included, not incremental as from crates.io) of a crate with errtable
# and one catalog against a crate with serde derive and serde_json, listing the crates
# compiled more than once and the syn versions in the build. It prints a summary table
# at the end. Not part of CI.
set -euo pipefail

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }

RUNS=3
SIZES="10 100 1000 5000"
QUICK=0
COLD=1
KEEP=0
COLD_ONLY=0
AGAINST=""
MEM_CAP_GB=10
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1; RUNS=1; SIZES="10 1000" ;;
        --runs) RUNS="${2:?--runs needs a number}"; shift ;;
        --sizes) SIZES="${2:?--sizes needs a list}"; shift ;;
        --no-cold) COLD=0 ;;
        --cold-only) COLD_ONLY=1 ;;
        --against) AGAINST="${2:?--against needs a commit}"; shift ;;
        --mem-cap) MEM_CAP_GB="${2:?--mem-cap needs a number}"; shift ;;
        --keep) KEEP=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
# Options that change others, whatever their order.
if [ "${COLD_ONLY:-0}" = 1 ]; then
    if [ "$COLD" = 0 ]; then echo "error: --cold-only and --no-cold exclude each other" >&2; exit 2; fi
    SIZES=""
fi
if [ -n "$AGAINST" ] && [ "$COLD" = 0 ]; then
    echo "error: --against measures the cold build, which --no-cold skips" >&2; exit 2
fi
case "$RUNS" in ''|*[!0-9]*|0) echo "error: --runs needs a positive integer" >&2; exit 2 ;; esac
case "$MEM_CAP_GB" in ''|*[!0-9]*|0) echo "error: --mem-cap needs a positive integer" >&2; exit 2 ;; esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
make_work build-cost
# cargo's defaults, whatever the caller's environment (CI sets CARGO_INCREMENTAL=0).
unset CARGO_INCREMENTAL RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_PROFILE_DEV_INCREMENTAL
export CARGO_TERM_COLOR=never

now() { date +%s.%N; }
# Seconds `"$@"` takes, or FAIL (its output is then shown); its output goes to
# $WORK/last.log and the peak resident memory of its largest process, in MB, to
# $WORK/last.rss ("-" without GNU time). Each run is capped at MEM_CAP_GB of virtual memory.
timed() {
    local start end status=0
    start=$(now)
    if [ -x /usr/bin/time ]; then
        (ulimit -v $((MEM_CAP_GB * 1024 * 1024)); /usr/bin/time -f '%M' -o "$WORK/last.kb" "$@") >"$WORK/last.log" 2>&1 || status=$?
        awk '/^[0-9]+$/ { printf "%.0f", $1 / 1024 }' "$WORK/last.kb" >"$WORK/last.rss"
    else
        (ulimit -v $((MEM_CAP_GB * 1024 * 1024)); "$@") >"$WORK/last.log" 2>&1 || status=$?
        echo - >"$WORK/last.rss"
    fi
    end=$(now)
    if [ "$status" != 0 ]; then
        grep -E '^error|signal|memory' "$WORK/last.log" | head -5 >&2
        log "   failed (status $status, cap ${MEM_CAP_GB} GB): $*"
        echo FAIL
        return
    fi
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
ratio() { case "$1$2" in *FAIL*|*-*) echo -; return ;; esac; awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
# The median of the per-run ratios of two arrays named $1 and $2 (run i of one against
# run i of the other): the pair's ratio, robust to the machine slowing down between runs.
pair_ratios() {
    local -n a="$1" b="$2"
    local i r=()
    for i in "${!a[@]}"; do r+=("$(ratio "${a[$i]}" "${b[$i]:-FAIL}")"); done
    case " ${r[*]} " in *" - "*) echo -; return ;; esac
    echo "${r[*]}" | median
}
minus() { case "$1$2" in *FAIL*|*-*) echo -; return ;; esac; awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }

log "== errtable build cost: sizes $SIZES, $RUNS run(s) each, in $WORK"
log "   $(rustc --version), $(nproc) cores"

# The CLI, for `errtable generate` (the macro's exact expansion) and `errtable check`.
CLI_TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
if [ -n "$SIZES" ]; then
    log "-- building the errtable CLI (release)"
    (cd "$ROOT" && CARGO_TARGET_DIR="$CLI_TARGET" cargo build --release -q -p errtable-cli)
fi
ERRTABLE="$CLI_TARGET/release/errtable"


CLIENTS="$WORK/clients"
mkdir -p "$CLIENTS"
members=()
for n in $SIZES; do
    for kind in macro pasted; do
        crate="${kind}_$n"
        members+=("\"$crate\"")
        mkdir -p "$CLIENTS/$crate/src"
        cat >"$CLIENTS/$crate/Cargo.toml" <<EOF
[package]
name = "$crate"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
errtable = { path = "$ROOT/errtable" }
EOF
    done
    gen_spec "$n" >"$CLIENTS/macro_$n/spec.json"
    "$ERRTABLE" check "$CLIENTS/macro_$n/spec.json" >/dev/null
    cp "$CLIENTS/macro_$n/spec.json" "$CLIENTS/pasted_$n/spec.json"
    cat >"$CLIENTS/macro_$n/src/lib.rs" <<EOF
//! A client of a synthetic $n-code API, using the macro.

/// Errors of the synthetic API.
#[errtable::catalog(spec = "../spec.json")]
pub enum SynthError {}
EOF
    {
        printf '//! A client of a synthetic %s-code API, with the expansion pasted in.\n\n' "$n"
        (cd "$CLIENTS/pasted_$n" && "$ERRTABLE" generate spec.json --enum SynthError)
    } >"$CLIENTS/pasted_$n/src/lib.rs"
    common='
/// What a client does with a response.
pub fn errors(status: u16, body: &[u8]) -> usize {
    SynthError::decode(status, &errtable::NoHeaders, body).len()
}'
    printf '%s\n' "$common" >>"$CLIENTS/macro_$n/src/lib.rs"
    printf '%s\n' "$common" >>"$CLIENTS/pasted_$n/src/lib.rs"
done
(IFS=,; printf '[workspace]\nresolver = "3"\nmembers = [%s]\n' "${members[*]}") >"$CLIENTS/Cargo.toml"
# The workspace's own versions of every dependency.
cp "$ROOT/Cargo.lock" "$CLIENTS/Cargo.lock"

# cargo on the client workspace, as a plain command (so `timed` can run it under GNU time).
CARGO_CLIENTS=(env CARGO_TARGET_DIR="$CLIENTS/target" cargo)
cargo_clients() { (cd "$CLIENTS" && "${CARGO_CLIENTS[@]}" "$@"); }
MANIFEST=(--manifest-path "$CLIENTS/Cargo.toml")
# Forgets the client crate's artifacts (incremental caches included) for a full rebuild.
forget() {
    local crate="$1" profile="$2"
    cargo_clients clean -q -p "$crate" ${profile:+--profile "$profile"}
    rm -rf "$CLIENTS/target/${profile:-debug}/incremental/${crate}-"*
}

if [ -n "$SIZES" ]; then
    log "-- building the dependencies once (debug and check)"
    cargo_clients build -q -p "macro_${SIZES%% *}"
    cargo_clients check -q -p "macro_${SIZES%% *}"
fi

declare -A T
# measure STEP SIZE: RUNS interleaved macro/pasted pairs of STEP; medians into T, and the
# largest peak memory of the runs into T[STEP-rss,...]. A size whose build failed (over
# the memory cap, say) is FAIL in every later step.
measure() {
    local step="$1" n="$2" run kind crate order m=() p=() t rss mr=0 pr=0
    if [ "${FAILED[$n]:-0}" = 1 ]; then
        for kind in macro pasted; do T[$step,$n,$kind]=FAIL; T[$step-rss,$n,$kind]=-; done
        log "   $step $n codes: skipped (an earlier build of this size failed)"
        return
    fi
    for ((run = 1; run <= RUNS; run++)); do
        if ((run % 2)); then order="macro pasted"; else order="pasted macro"; fi
        for kind in $order; do
            crate="${kind}_$n"
            case "$step" in
                full)
                    forget "$crate" ""
                    t=$(timed "${CARGO_CLIENTS[@]}" build "${MANIFEST[@]}" -p "$crate") ;;
                incr)
                    t=$(timed "${CARGO_CLIENTS[@]}" build "${MANIFEST[@]}" -p "$crate")
                    if [ "$t" != FAIL ]; then
                        touch "$CLIENTS/$crate/src/lib.rs"
                        t=$(timed "${CARGO_CLIENTS[@]}" build "${MANIFEST[@]}" -p "$crate")
                    fi ;;
                check)
                    forget "$crate" ""
                    t=$(timed "${CARGO_CLIENTS[@]}" check "${MANIFEST[@]}" -p "$crate") ;;
                release)
                    forget "$crate" release
                    t=$(timed "${CARGO_CLIENTS[@]}" build --release "${MANIFEST[@]}" -p "$crate") ;;
            esac
            rss=$(cat "$WORK/last.rss")
            if [ "$kind" = macro ]; then
                m+=("$t")
                mr=$(awk -v a="$mr" -v b="$rss" 'BEGIN { print (b + 0 > a + 0) ? b : a }')
            else
                p+=("$t")
                pr=$(awk -v a="$pr" -v b="$rss" 'BEGIN { print (b + 0 > a + 0) ? b : a }')
            fi
            if [ "$t" = FAIL ]; then FAILED[$n]=1; fi
        done
        # A failed build fails again: no more runs of this size.
        if [ "${FAILED[$n]:-0}" = 1 ]; then break; fi
    done
    T[$step,$n,macro]=$(echo "${m[*]}" | median)
    T[$step,$n,pasted]=$(echo "${p[*]}" | median)
    T[$step,$n,ratio]=$(pair_ratios m p)
    T[$step-rss,$n,macro]=$mr
    T[$step-rss,$n,pasted]=$pr
    # A failed build's peak is where the cap stopped it.
    if [ "${T[$step,$n,macro]}" = FAIL ]; then T[$step-rss,$n,macro]=">$mr"; fi
    if [ "${T[$step,$n,pasted]}" = FAIL ]; then T[$step-rss,$n,pasted]=">$pr"; fi
    log "   $step $n codes: macro ${m[*]} s (peak ${mr} MB), pasted ${p[*]} s (peak ${pr} MB)"
}

declare -A FAILED
declare -A P
# passes SIZE: the compiler's own account of macro expansion and of type checking (which
# includes evaluating the catalog `static`) for both crates, one non-incremental check
# each, from `-Z time-passes` (allowed on a stable rustc by RUSTC_BOOTSTRAP=1: a measuring
# aid only, in a target dir of its own).
passes() {
    local n="$1" kind crate t
    for kind in macro pasted; do
        crate="${kind}_$n"
        P[$n,$kind,expand]=-
        P[$n,$kind,typeck]=-
        if [ "${FAILED[$n]:-0}" = 1 ]; then continue; fi
        touch "$CLIENTS/$crate/src/lib.rs"
        t=$(timed env RUSTC_BOOTSTRAP=1 CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$CLIENTS/target-passes" \
            cargo rustc "${MANIFEST[@]}" -p "$crate" --profile check -- -Z time-passes)
        if [ "$t" = FAIL ]; then continue; fi
        P[$n,$kind,expand]=$(awk '$NF == "expand_crate" { sub(";", "", $2); print $2; exit }' "$WORK/last.log")
        P[$n,$kind,typeck]=$(awk '$NF == "type_check_crate" { sub(";", "", $2); print $2; exit }' "$WORK/last.log")
    done
    log "   passes $n codes: expansion macro ${P[$n,macro,expand]} s, pasted ${P[$n,pasted,expand]} s; type checking macro ${P[$n,macro,typeck]} s, pasted ${P[$n,pasted,typeck]} s"
}
declare -A LINES
for n in $SIZES; do
    file="$CLIENTS/pasted_$n/src/lib.rs"
    total=$(wc -l <"$file")
    docs=$(grep -cE '^\s*(///|//!|#\[doc|#!\[doc)' "$file" || true)
    LINES[$n,total]=$total
    LINES[$n,code]=$((total - docs))
    LINES[$n,bytes]=$(wc -c <"$file")
done

for n in $SIZES; do
    log "-- $n codes"
    measure full "$n"
    measure incr "$n"
    measure check "$n"
    passes "$n"
done
if [ "$QUICK" = 0 ] && [[ " $SIZES " == *" 1000 "* ]]; then
    log "-- release, 1000 codes"
    # The release dependencies once, so that no timed run builds them.
    cargo_clients build --release -q -p pasted_1000
    cargo_clients build --release -q -p macro_1000
    measure release 1000
fi

# Cold builds: a fresh target dir each run, dependencies included.
COLD_ERRTABLE="$WORK/cold-errtable"
COLD_SERDE="$WORK/cold-serde"
if [ "$COLD" = 1 ]; then
    mkdir -p "$COLD_ERRTABLE/src" "$COLD_SERDE/src"
    cat >"$COLD_ERRTABLE/Cargo.toml" <<EOF
[package]
name = "cold-errtable"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
errtable = { path = "$ROOT/errtable" }

[workspace]
EOF
    cp "$ROOT/specs/octopost.json" "$COLD_ERRTABLE/spec.json"
    cat >"$COLD_ERRTABLE/src/lib.rs" <<'EOF'
//! errtable and one catalog.

/// Errors of the Octopost API.
#[errtable::catalog(spec = "../spec.json")]
pub enum OctopostError {}

/// What a client does with a response.
pub fn errors(status: u16, body: &[u8]) -> usize {
    OctopostError::decode(status, &[], body).len()
}
EOF
    cat >"$COLD_SERDE/Cargo.toml" <<'EOF'
[package]
name = "cold-serde"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[workspace]
EOF
    cat >"$COLD_SERDE/src/lib.rs" <<'EOF'
//! serde derive and serde_json, as a hand-written client uses them.

/// The vendor's error envelope.
#[derive(serde::Deserialize)]
pub struct Body {
    /// The message.
    pub error: Option<String>,
    /// The code.
    pub code: Option<String>,
}

/// What a client does with a response.
pub fn errors(body: &[u8]) -> usize {
    serde_json::from_slice::<Body>(body).map_or(0, |b| usize::from(b.code.is_some()))
}
EOF
    cp "$ROOT/Cargo.lock" "$COLD_ERRTABLE/Cargo.lock"
    cp "$ROOT/Cargo.lock" "$COLD_SERDE/Cargo.lock"
    (cd "$COLD_ERRTABLE" && cargo fetch -q)
    (cd "$COLD_SERDE" && cargo fetch -q)
    kinds="errtable serde"
    if [ -n "$AGAINST" ]; then
        # The same crate on an older errtable (one with the `errtable/` facade).
        against_worktree
        cp -r "$COLD_ERRTABLE" "$WORK/cold-against"
        cat >"$WORK/cold-against/Cargo.toml" <<EOF
[package]
name = "cold-against"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
errtable = { path = "$WORK/against/errtable" }

[workspace]
EOF
        cp "$WORK/against/Cargo.lock" "$WORK/cold-against/Cargo.lock"
        (cd "$WORK/cold-against" && cargo fetch -q)
        kinds="against errtable serde"
    fi
    log "-- cold debug builds (fresh target dir, dependencies included)"
    ce=() cs=() ca=()
    for ((run = 1; run <= RUNS; run++)); do
        # Each kind goes first in turn.
        order=$(echo $kinds | awk -v r="$run" '{ n = NF; for (i = 0; i < n; i++) printf "%s ", $(((i + r - 1) % n) + 1) }')
        for kind in $order; do
            dir="$WORK/cold-$kind"
            rm -rf "$dir/target"
            # CARGO_INCREMENTAL=0: errtable comes by path here, which makes cargo build its
            # crates incrementally (slower from cold); from crates.io they are not, like serde.
            t=$(timed bash -c "cd '$dir' && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR='$dir/target' cargo build -v")
            cp "$WORK/last.log" "$WORK/cold-$kind.log"
            case "$kind" in errtable) ce+=("$t") ;; serde) cs+=("$t") ;; against) ca+=("$t") ;; esac
        done
    done
    log "   cold: errtable ${ce[*]} s, serde ${cs[*]} s${AGAINST:+, errtable at $AGAINST ${ca[*]} s}"
    COLD_E=$(echo "${ce[*]}" | median)
    COLD_S=$(echo "${cs[*]}" | median)
    COLD_RATIO=$(pair_ratios ce cs)
    # "Compiling NAME vX.Y.Z": the crates rustc compiled, once per unit.
    compiled() { grep -E '^\s+Compiling ' "$1" | awk '{ print $2, $3 }'; }
    twice() { compiled "$1" | sort | uniq -c | awk '$1 > 1 { print $2 " " $3 " x" $1 }'; }
    versions() { compiled "$1" | awk '{ print $1 }' | sort | uniq -c | awk '$1 > 1 { print $2 }'; }
    # (`|| true`: a build that failed before compiling anything lists nothing.)
    COLD_UNITS_E=$(compiled "$WORK/cold-errtable.log" | wc -l || true)
    COLD_UNITS_S=$(compiled "$WORK/cold-serde.log" | wc -l || true)
    TWICE_E=$(twice "$WORK/cold-errtable.log" | paste -sd, - || true)
    MULTI_E=$(for c in $(versions "$WORK/cold-errtable.log"); do compiled "$WORK/cold-errtable.log" | awk -v c="$c" '$1 == c { print $1 " " $2 }'; done | sort -u | paste -sd, - || true)
    SYN_E=$(compiled "$WORK/cold-errtable.log" | awk '$1 == "syn" { print $2 }' | sort -u | paste -sd' ' - || true)
    TREE_D=$(cd "$COLD_ERRTABLE" && cargo tree -d -e normal,build --prefix none -f '{p}' 2>/dev/null | grep -vE '^\s*$|\(\*\)' | sort -u | paste -sd, - || true)
fi

# The summary.
line() { printf '%s\n' "$*"; }
if [ -n "$SIZES" ]; then
    line ""
    line "== build cost summary ($RUNS run(s) per figure, interleaved macro/pasted pairs: medians of the times in seconds, ratio = median of the pairs' ratios)"
    printf '%-7s %9s %9s %7s  %9s %9s %7s  %9s %9s %9s  %9s %9s  %8s %8s %9s\n' \
        codes full:mac pasted ratio incr:mac pasted ratio check:mac pasted macro-s MB:mac pasted lines/c code-l/c bytes/c
    for n in $SIZES; do
        printf '%-7s %9s %9s %7s  %9s %9s %7s  %9s %9s %9s  %9s %9s  %8s %8s %9s\n' "$n" \
            "${T[full,$n,macro]}" "${T[full,$n,pasted]}" "${T[full,$n,ratio]}" \
            "${T[incr,$n,macro]}" "${T[incr,$n,pasted]}" "${T[incr,$n,ratio]}" \
            "${T[check,$n,macro]}" "${T[check,$n,pasted]}" "$(minus "${T[check,$n,macro]}" "${T[check,$n,pasted]}")" \
            "${T[full-rss,$n,macro]}" "${T[full-rss,$n,pasted]}" \
            "$(awk -v a="${LINES[$n,total]}" -v n="$n" 'BEGIN { printf "%.1f", a / n }')" \
            "$(awk -v a="${LINES[$n,code]}" -v n="$n" 'BEGIN { printf "%.1f", a / n }')" \
            "$(awk -v a="${LINES[$n,bytes]}" -v n="$n" 'BEGIN { printf "%.0f", a / n }')"
    done
    line "(targets: full and incr ratio <= 1.10; macro-s: check of the macro crate minus check of the pasted one; MB: peak memory of the full debug build's largest process, rustc)"
    line ""
    line "rustc -Z time-passes, one non-incremental check (seconds):"
    printf '%-7s %14s %14s %14s %14s\n' codes expand:macro expand:pasted typeck:macro typeck:pasted
    for n in $SIZES; do
        printf '%-7s %14s %14s %14s %14s\n' "$n" "${P[$n,macro,expand]}" "${P[$n,pasted,expand]}" "${P[$n,macro,typeck]}" "${P[$n,pasted,typeck]}"
    done
    line ""
fi
if [ -n "${T[release,1000,macro]:-}" ]; then
    line "release, 1000 codes: macro ${T[release,1000,macro]} s, pasted ${T[release,1000,pasted]} s, ratio ${T[release,1000,ratio]} (target <= 1.10)"
fi
if [[ " $SIZES " == *" 1000 "* && " $SIZES " == *" 5000 "* ]]; then
    line "growth 1000 -> 5000 codes (target <= 6x): full macro $(ratio "${T[full,5000,macro]}" "${T[full,1000,macro]}")x, incr macro $(ratio "${T[incr,5000,macro]}" "${T[incr,1000,macro]}")x, full pasted $(ratio "${T[full,5000,pasted]}" "${T[full,1000,pasted]}")x"
    line "marginal per code (1000 -> 5000): $(awk -v a="${LINES[1000,total]}" -v b="${LINES[5000,total]}" 'BEGIN { printf "%.1f", (b - a) / 4000 }') lines, $(awk -v a="${LINES[1000,code]}" -v b="${LINES[5000,code]}" 'BEGIN { printf "%.1f", (b - a) / 4000 }') outside doc comments, $(awk -v a="${LINES[1000,bytes]}" -v b="${LINES[5000,bytes]}" 'BEGIN { printf "%.0f", (b - a) / 4000 }') bytes"
fi
if [ "$COLD" = 1 ]; then
    line "cold debug build: errtable + one catalog ${COLD_E} s ($COLD_UNITS_E units), serde derive + serde_json ${COLD_S} s ($COLD_UNITS_S units), ratio $COLD_RATIO (target <= 1.5, goal 1.0)"
    line "  compiled more than once (same version): ${TWICE_E:-none}"
    line "  compiled in several versions: ${MULTI_E:-none}"
    line "  syn versions compiled: ${SYN_E:-none}"
    line "  cargo tree -d: ${TREE_D:-no duplicates}"
    if [ -n "$AGAINST" ]; then
        line "cold debug build of errtable at $AGAINST: $(echo "${ca[*]}" | median) s, ratio to serde $(pair_ratios ca cs), to this tree's build $(pair_ratios ca ce)"
    fi
fi
