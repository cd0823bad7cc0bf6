#!/usr/bin/env bash
# pip-audit over the pinned set (issue 7, item 20), honest about whether it really checked.
#
#   scripts/dependency_audit.sh [PIP_AUDIT]
#
# It audits the project's virtual environment, which `make install` builds from the exact pins
# in pyproject.toml (the project itself, installed editable, is skipped). Three outcomes:
#   clean     every package was checked against the vulnerability data and none is affected: exit 0
#   NOT RUN   the vulnerability data could not be reached, so nothing was checked: exit 0 with
#             a line saying so (without --strict, pip-audit would skip every package it cannot
#             check and still print "No known vulnerabilities found")
#   FAILED    a known vulnerability, or pip-audit failed for another reason: exit 1
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PIP_AUDIT=${1:-"$ROOT/.venv/bin/pip-audit"}
LOG="$(mktemp -t pip-audit-XXXXXX)"
trap 'rm -f "$LOG"' EXIT

# Without --strict, so the JSON report says for each package whether it was checked (a
# "skip_reason" when it was not) instead of stopping at the first one it cannot check.
"$PIP_AUDIT" --skip-editable --progress-spinner off -f json -o "$LOG" 2>"$LOG.err"
rc=$?
"$ROOT/.venv/bin/python" - "$LOG" "$rc" <<'PY'
import json
import sys

path, rc = sys.argv[1], int(sys.argv[2])
try:
    with open(path, encoding="utf-8") as handle:
        report = json.load(handle)
except (OSError, ValueError):
    print(f"!! pip-audit: FAILED: exit code {rc} and no report", file=sys.stderr)
    sys.exit(1)
packages = report.get("dependencies", [])
skipped = [p for p in packages if p.get("skip_reason")]
checked = [p for p in packages if not p.get("skip_reason")]
vulnerable = [p for p in checked if p.get("vulns")]
for package in vulnerable:
    ids = ", ".join(v.get("id", "?") for v in package["vulns"])
    print(f"!! {package['name']} {package.get('version', '')}: {ids}")
if vulnerable:
    print(f"!! pip-audit: FAILED: {len(vulnerable)} of {len(checked)} checked packages have known vulnerabilities", file=sys.stderr)
    sys.exit(1)
if packages and not checked:
    print(
        f"pip-audit: NOT RUN: the vulnerability data could not be reached, none of the {len(packages)} pinned packages"
        f" was checked ({skipped[0]['skip_reason']})"
    )
    sys.exit(0)
if skipped:
    names = ", ".join(p["name"] for p in skipped[:10])
    print(f"!! pip-audit: INCOMPLETE: {len(skipped)} of {len(packages)} packages could not be checked: {names}", file=sys.stderr)
    sys.exit(1)
if rc != 0 or not packages:
    print(f"!! pip-audit: FAILED: exit code {rc}", file=sys.stderr)
    sys.exit(1)
print(f"pip-audit: CLEAN: all {len(checked)} pinned packages checked, no known vulnerability")
PY
status=$?
if [[ $status -ne 0 && -s "$LOG.err" ]]; then
    tail -n 20 "$LOG.err" >&2
fi
rm -f "$LOG.err"
exit $status
