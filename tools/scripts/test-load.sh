#!/usr/bin/env bash
# `npm run test:load`: README's test command (`npm test`) at `nice -n 12` beside two busy loops, so the
# suite runs with the CPU it gets when the machine is busy with something else. A test that passes
# only when it gets the CPU on time is waiting on the clock instead of on an event, and fails here.
#
# Usage: test-load.sh [command...]   (default: npm test, at the repository's root; a given command runs
# in the current directory). Exits with the command's code.
# The busy loops are started and stopped here, by PID: killed on any exit (trap), and each one also
# ends by itself within a fraction of a second once this script's process is gone (even after a
# SIGKILL, which no trap sees), so they never outlive it.
set -u

command=("$@")
if [ ${#command[@]} -eq 0 ]; then
  cd "$(dirname "$0")/../.."
  command=(npm test)
fi

loops=()
child=''
stop() {
  # The command runs in its own process group (set -m below): signal the whole group, because npm and
  # npx do not pass a signal on to jest, which would otherwise outlive this script.
  [ -n "$child" ] && kill -TERM -- "-$child" 2>/dev/null
  for pid in "${loops[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${loops[@]}"; do wait "$pid" 2>/dev/null; done
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Each loop spins for ~10 ms between checks that this script (its argument) is still alive.
busy_loop='const owner = Number(process.argv[1]); for (;;) { for (let i = 0; i < 1e7; i++); try { process.kill(owner, 0); } catch { process.exit(0); } }'
for _ in 1 2; do
  node -e "$busy_loop" "$$" &
  loops+=("$!")
done
echo "test-load: busy loops ${loops[*]} running; ${command[*]} at nice 12" >&2

# In the background so that a signal to this script is handled at once (the traps), not after the
# command ends; `wait` returns the command's exit code.
set -m
nice -n 12 "${command[@]}" &
child=$!
set +m
wait "$child"
status=$?
child=''
exit "$status"
