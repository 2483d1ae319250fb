# Sourced by bench/build-cost.sh and bench/expansion.sh: `gen_spec N` prints a synthetic
# spec of N codes in the bundled specs' format (string codes, ten statuses with their
# retry classes, a catalog-wide Retry-After delay and backoff policy, a description and a
# resolution per entry, and three typed fields, an integer, a string and a map<string>,
# on one entry in four).

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
