#!/usr/bin/env bash
# Serve the demo: the task worker, the periodic-job loop and the web server, stopped
# together with Ctrl+C.
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-8000}
py=.venv/bin/python

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

$py manage.py db_worker --interval 1 >>var/worker.log 2>&1 &
pids+=($!)
bash scripts/periodic-jobs.sh >>var/periodic.log 2>&1 &
pids+=($!)

# The development directory: a real OpenID Connect provider on loopback that staff sign
# in through (production uses the organisation's directory instead).
$py manage.py migrate --settings=config.settings.idp -v0
$py manage.py identity_idp_setup --settings=config.settings.idp --client-id regulator-dev \
  --client-secret development-client-secret-not-for-production \
  --redirect-uri "http://$host:$port/staff/sso/callback/" \
  --redirect-uri "http://$host:$port/cy/staff/sso/callback/" --demo-users >/dev/null
$py manage.py runserver 127.0.0.1:8001 --noreload --settings=config.settings.idp >>var/idp.log 2>&1 &
pids+=($!)

$py manage.py demo_accounts_print || true
echo
echo "Serving http://$host:$port/ (Welsh: http://$host:$port/cy/). Logs: var/*.log. Ctrl+C stops."
$py -m gunicorn config.wsgi:application --bind "$host:$port" --workers 2 --threads 4 \
  --access-logfile - --error-logfile - --log-level warning
