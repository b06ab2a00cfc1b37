# Sourced by the wf-* scripts. Wikis of the farm are separate databases, so what is done to
# one never waits for another: the seeding scripts work on several at once.
#
# wf_each CMD ARG...: runs `CMD ARG` for every ARG, at most WF_JOBS (default 4) at a time,
# each output line prefixed with "ARG | "; returns non-zero, after all have finished, when any failed.
wf_each() {
    local cmd=$1 max=${WF_JOBS:-4} failed=0 running=0 arg
    shift
    for arg in "$@"; do
        if [ "$running" -ge "$max" ]; then
            wait -n || failed=1
            running=$((running - 1))
        fi
        (set -o pipefail; "$cmd" "$arg" 2>&1 | sed -u "s/^/${arg%%:*} | /") &
        running=$((running + 1))
    done
    while [ "$running" -gt 0 ]; do
        wait -n || failed=1
        running=$((running - 1))
    done
    return "$failed"
}
