# Sourced by bench/build-cost.sh and bench/expansion.sh, once ROOT (the workspace),
# KEEP (1: keep the temp dir) and AGAINST (a commit to compare with, or empty) are set.

log() { printf '%s\n' "$*" >&2; }

# The median of the numbers on stdin (spaces or lines), or FAIL if one of them is.
median() { local v; v=$(cat); case " $v " in *" FAIL "*) echo FAIL; return ;; esac; echo "$v" | tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# make_work NAME: a temp dir in WORK, removed on exit (with the worktree of
# against_worktree) unless KEEP=1.
make_work() {
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/errtable-$1.XXXXXX")"
    trap cleanup_work EXIT
}
cleanup_work() {
    if [ "$KEEP" = 1 ]; then
        echo "kept $WORK${AGAINST:+ (and the git worktree $WORK/against: git worktree remove it)}"
    else
        if [ -n "$AGAINST" ]; then git -C "$ROOT" worktree remove --force "$WORK/against" 2>/dev/null || true; fi
        rm -rf "$WORK"
    fi
}

# against_worktree: a git worktree of AGAINST in $WORK/against, which must have the
# errtable/ facade crate to build against.
against_worktree() {
    git -C "$ROOT" worktree add -q --detach "$WORK/against" "$AGAINST"
    if [ ! -f "$WORK/against/errtable/Cargo.toml" ]; then
        echo "error: $AGAINST has no errtable/ crate to build against" >&2; exit 2
    fi
}

# gen_spec N: a synthetic spec of N codes in the bundled specs' format (string codes, ten
# statuses with their retry classes, a catalog-wide Retry-After delay and backoff
# policy, a description and a resolution per entry, and three typed fields, an integer,
# a string and a map<string>, on one entry in four).
gen_spec() {
    local n="$1" i status retry fields
    local statuses=(400 401 403 404 409 422 429 500 502 503)
    printf '{\n  "errtable": 1,\n  "name": "synth",\n  "title": "Synthetic API (%s codes)",\n' "$n"
    printf '  "description": "A synthetic vendor for build-cost measurements.",\n'
    printf '  "envelope": {"code": {"body": "/error/code"}, "message": {"body": "/error/message"}, "request_id": [{"header": "X-Request-Id"}, {"body": "/error/request_id"}]},\n'
    printf '  "retry": {"delay_from": {"header": "Retry-After"}, "backoff": {"initial_delay_ms": 500, "factor": 2, "max_delay_ms": 30000, "max_attempts": 5, "jitter": "full"}, "transport": "backoff"},\n'
    printf '  "errors": [\n'
    for ((i = 1; i <= n; i++)); do
        status=${statuses[$((i % ${#statuses[@]}))]}
        case "$status" in
            401) retry=reauth ;; 429) retry=after ;; 500|502|503) retry=backoff ;; *) retry=never ;;
        esac
        fields=""
        if ((i % 4 == 0)); then
            fields=$(printf ', "fields": {"limit": {"type": "integer", "from": {"body": "/details/limit"}, "description": "Requests allowed in the window."}, "resource": {"type": "string", "from": {"body": "/details/resource"}, "description": "The resource concerned."}, "fields": {"type": "map<string>", "from": {"body": "/details/fields"}, "description": "Field name to its error."}}')
        fi
        printf '    {"variant": "Error%05d", "code": "error_%05d", "status": [%s], "retry": "%s", "description": "Error number %d of the synthetic API: the request could not be completed because condition %d does not hold for the resource it names.", "resolution": "Check condition %d, then send the request again."%s}%s\n' \
            "$i" "$i" "$status" "$retry" "$i" "$i" "$i" "$fields" "$( ((i < n)) && echo , )"
    done
    printf '  ]\n}\n'
}
