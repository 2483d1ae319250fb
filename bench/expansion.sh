#!/usr/bin/env bash
# What #[errtable::catalog] itself costs inside rustc (GitHub issue 9): the expansion of a
# synthetic catalog, timed and counted.
#
#   bash bench/expansion.sh                     # 1,000 codes: expansion times, 5 runs
#   bash bench/expansion.sh --against 086cf5b   # the same, interleaved with an older commit
#   bash bench/expansion.sh --callgrind         # also the macro's instructions (~3 min)
#
# Options: --codes N (default 1000), --runs N (default 5), --against REV (a git worktree
# of REV, timed in turn with this checkout), --callgrind (count the macro's instructions
# once per checkout with valgrind: deterministic where times are not), --keep.
#
# In a temp dir, a client crate with `#[errtable::catalog]` on the synthetic spec of
# bench/common.sh, depending on this workspace by path (and one on REV's). Times
# are rustc's own `-Z time-passes` figure for macro expansion (RUSTC_BOOTSTRAP=1), from
# one non-incremental `cargo rustc` each, the checkouts in turn. Instructions are the
# inclusive counts, in rustc running `cargo check`, of the macro (`try_expand`), the
# spec's loading (`load_bytes`), the emission (`expand::expand`) and, inside it, rustc
# lexing the text the emission writes (`rustc_tokens`). Not part of CI.
set -euo pipefail

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }

CODES=1000
RUNS=5
AGAINST=""
CALLGRIND=0
KEEP=0
while [ $# -gt 0 ]; do
    case "$1" in
        --codes) CODES="${2:?--codes needs a number}"; shift ;;
        --runs) RUNS="${2:?--runs needs a number}"; shift ;;
        --against) AGAINST="${2:?--against needs a commit}"; shift ;;
        --callgrind) CALLGRIND=1 ;;
        --keep) KEEP=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
for n in "$RUNS" "$CODES"; do
    case "$n" in ''|*[!0-9]*|0) echo "error: --runs and --codes take positive integers" >&2; exit 2 ;; esac
done
if [ "$CALLGRIND" = 1 ] && ! command -v valgrind >/dev/null; then
    echo "error: --callgrind needs valgrind" >&2; exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
make_work expansion
unset RUSTFLAGS CARGO_BUILD_RUSTFLAGS
export CARGO_TERM_COLOR=never CARGO_INCREMENTAL=0
gen_spec "$CODES" >"$WORK/spec.json"

# name -> the workspace its client depends on.
declare -A CHECKOUT=([current]="$ROOT")
NAMES=(current)
if [ -n "$AGAINST" ]; then
    against_worktree
    CHECKOUT[against]="$WORK/against"
    NAMES=(against current)
fi
for name in "${NAMES[@]}"; do
    crate="$WORK/client_$name"
    mkdir -p "$crate/src"
    cat >"$crate/Cargo.toml" <<EOF
[package]
name = "client_$name"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
errtable = { path = "${CHECKOUT[$name]}/errtable" }

[workspace]
EOF
    cat >"$crate/src/lib.rs" <<EOF
//! A client of a synthetic $CODES-code API.

/// Errors of the synthetic API.
#[errtable::catalog(spec = "../../spec.json")]
pub enum SynthError {}

/// What a client does with a response.
pub fn errors(status: u16, body: &[u8]) -> usize {
    SynthError::decode(status, &errtable::NoHeaders, body).len()
}
EOF
    log "-- building $name's client and its dependencies"
    (cd "$crate" && CARGO_TARGET_DIR="$WORK/target_$name" cargo check -q)
done

# The macro expansion time rustc reports for one check of the client of $1.
expansion_time() {
    local crate="$WORK/client_$1"
    touch "$crate/src/lib.rs"
    (cd "$crate" && RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$WORK/target_$1" \
        cargo rustc -q --lib -- -Z time-passes 2>&1) |
        awk '/expand_crate$/ { print $2; exit }' | tr -d ';'
}

log "-- $CODES codes: expansion, $RUNS run(s) each, checkouts in turn"
declare -A TIMES=()
for ((run = 1; run <= RUNS; run++)); do
    for name in "${NAMES[@]}"; do
        TIMES[$name]+="$(expansion_time "$name") "
    done
done

declare -A COUNTS=()
if [ "$CALLGRIND" = 1 ]; then
    # Runs only the client's rustc under valgrind, collecting inside the macro.
    cat >"$WORK/wrapper.sh" <<EOF
#!/usr/bin/env bash
for arg in "\$@"; do
    case "\$arg" in client_*) exec valgrind --tool=callgrind --callgrind-out-file="\$CALLGRIND_OUT" \\
        --toggle-collect='*try_expand*' "\$@" 2>/dev/null ;; esac
done
exec "\$@"
EOF
    chmod +x "$WORK/wrapper.sh"
    for name in "${NAMES[@]}"; do
        log "-- counting $name's macro with callgrind"
        touch "$WORK/client_$name/src/lib.rs"
        (cd "$WORK/client_$name" && CALLGRIND_OUT="$WORK/$name.callgrind" RUSTC_WRAPPER="$WORK/wrapper.sh" \
            CARGO_TARGET_DIR="$WORK/target_$name" cargo check -q)
        COUNTS[$name]=$(callgrind_annotate --inclusive=yes "$WORK/$name.callgrind" 2>/dev/null | awk '
            function millions(text) { gsub(",", "", text); return sprintf("%.0f M", text / 1e6) }
            /catalog::try_expand / && !m { m = millions($1) }
            /load::load_bytes / && !l { l = millions($1) }
            /codegen::expand::expand / && !e { e = millions($1) }
            /catalog::rustc_tokens / && !t { t = millions($1) }
            END { printf "%s|%s|%s|%s", m ? m : "-", l ? l : "-", e ? e : "-", t ? t : "-" }')
    done
fi

echo
echo "expansion of a $CODES-code catalog, $RUNS run(s) each ($(rustc --version), $(nproc) cores)"
printf '%-10s %-12s %-10s %-40s' checkout commit median "times (s)"
[ "$CALLGRIND" = 1 ] && printf ' %-10s %-10s %-10s %-10s' macro loading emitting lexing
echo
for name in "${NAMES[@]}"; do
    commit=$(git -C "${CHECKOUT[$name]}" rev-parse --short HEAD)
    [ "$name" = current ] && ! git -C "$ROOT" diff --quiet && commit="$commit+"
    printf '%-10s %-12s %-10s %-40s' "$name" "$commit" "$(echo "${TIMES[$name]}" | tr ' ' '\n' | grep -v '^$' | median)" "${TIMES[$name]}"
    if [ "$CALLGRIND" = 1 ]; then
        IFS='|' read -r m l e t <<<"${COUNTS[$name]}"
        printf ' %-10s %-10s %-10s %-10s' "$m" "$l" "$e" "$t"
    fi
    echo
done
