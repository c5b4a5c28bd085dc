#!/usr/bin/env bash
# The periodic jobs of a development machine: each is one management command, run by cron
# (or the scheduler of the hosting platform) in production. No scheduler daemon here.
set -uo pipefail
py=.venv/bin/python
interval=${PERIODIC_INTERVAL_SECONDS:-300}
while true; do
  for job in $(cat scripts/periodic-jobs.txt | grep -v '^#'); do
    $py manage.py "$job" || echo "periodic job $job failed" >&2
  done
  sleep "$interval"
done
