#!/usr/bin/env bash
# The dependency audit: pip-audit over the pinned Python packages (requirements/*.txt) and
# npm audit over package-lock.json. Each needs its vulnerability database (PyPI's JSON API
# with its "vulnerabilities", the npm registry's bulk advisories); where a machine cannot
# reach it, the audit says "skipped: no network" and does not fail. A known vulnerability
# fails the run. Called by .ci/run; docs/security.md says how the pins are kept current.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

reachable() {  # reachable pip|npm: the database answers as the audit needs it to
  "$PY" - "$1" <<'PYEOF'
import json, re, sys, urllib.request
which = sys.argv[1]
try:
    if which == "pip":
        pin = re.search(r"^django==(\S+)", open("requirements/base.txt").read(), re.M | re.I)
        url = f"https://pypi.org/pypi/django/{pin.group(1)}/json"
        with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310
            ok = response.status == 200 and "vulnerabilities" in json.load(response)
    else:
        request = urllib.request.Request(
            "https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
            data=b"{}", headers={"Content-Type": "application/json"}, method="POST",
        )
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            ok = response.status == 200
except Exception:
    ok = False
sys.exit(0 if ok else 1)
PYEOF
}

status=0
if reachable pip; then
  echo "pip-audit: requirements/base.txt and requirements/dev.txt"
  for pins in requirements/base.txt requirements/dev.txt; do
    .venv/bin/pip-audit --requirement "$pins" --no-deps --disable-pip --strict \
      --progress-spinner off --timeout 30 || status=1
  done
else
  echo "pip-audit: skipped: no network (PyPI's vulnerability data cannot be reached)"
fi
if reachable npm; then
  echo "npm audit: package-lock.json"
  npm audit --audit-level=moderate || status=1
else
  echo "npm audit: skipped: no network (the npm registry's advisories cannot be reached)"
fi
exit "$status"
