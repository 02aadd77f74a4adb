/**
 * `deploy-lint explain boot` and `explain fix`: what the two commands that act on
 * findings do. The examples are real output on examples/ci-host
 * (test/command-docs.test.ts checks that they still are).
 */

export const COMMAND_DOCS: Record<string, string> = {
  boot: `deploy-lint boot [paths..] [--host H] [--target T] [-f text|json|svg|mermaid]

## What it does
Plans the cold boot of each host before anything is deployed, as systemd-analyze
critical-chain and plot show it after a real boot: the boot transaction (the
default target's closure over Wants=, Requires=, BindsTo=, Upholds= and
WantedBy=; --target plans \`systemctl start T\` instead), each job's earliest
start and worst-case end, the critical chain to the target, the worst-case time
to reach it, what blocks, what fails and what never starts.

## How the worst case is computed
- A job starts when every job it is ordered after (After=, Before= on the other
  side, default dependencies) is over, done or failed.
- A blocking wait (a health gate, a wait loop in ExecStartPre/Post or a oneshot,
  a blocking systemctl start) met by a unit that is not ordered after the
  waiting one lasts until that unit is up. A wait nothing can meet (every unit
  that would is ordered after it, or not in the boot) lasts the gate's own
  bound, else the unit's TimeoutStartSec= (DefaultTimeoutStartSec=, 90 s; none
  for Type=oneshot), else forever; then the unit fails, and so does what
  Requires=/BindsTo= it with After=.
- What a command itself takes cannot be known from the files: it counts as 0
  and the plan says how many units that is.

## Example
deploy-lint boot examples/ci-host:
    host ci: cold boot to multi-user.target: worst case 900 s (15 min), plus the run time of 3 units on the chain that the files do not tell
      deploy-proxy.service     @0 s +900 s = 900 s
      deploy-dashboard.service @900 s +0 s = 900 s
      deploy-proxy.service waits 900 s (15 min) on ci.commoninternet.net (examples/ci-host/scripts/warm_reconcile.py:34:23): ci.commoninternet.net is served only by deploy-dashboard.service, ordered after it; TimeoutStartSec=900
deploy-lint boot examples/ci-host-fix-2 (the ordering dropped):
    host ci: cold boot to multi-user.target: worst case 0 s, plus the run time of 2 units on the chain that the files do not tell
      deploy-proxy.service on ci.commoninternet.net (examples/ci-host-fix-2/scripts/warm_reconcile.py:34:23): met when deploy-dashboard.service is up at 0 s (deploy-dashboard.service is not ordered after deploy-proxy.service)

## Formats
text; json ({"hosts":[{"host","target","worstCaseSec","criticalChain":[{"unit","startSec","readySec","finishSec","why"}],"units":[{"unit","startSec","readySec","finishSec","blocksOn","blockedSec","fails","waits","durationKnown"}]}]}, null for never);
svg (a timeline: bars from start to end, blocked time hatched red, the critical chain outlined and bold); mermaid (a gantt chart).
`,
  fix: `deploy-lint fix [paths..] [--rule R] [--option N] [--diff] [--unsafe-fixes]

## What it does
Applies fixes, and proves each before writing it. Every fix of a finding says
how far it may be applied (JSON \`applicability\`, as in Ruff): safe (keeps what
the author meant: \`fix\` applies it; today the deletion of a suppression
comment that suppresses nothing), unsafe (changes what the boot does:
applied with --unsafe-fixes, or when chosen), display-only (words, no edit). A
finding's fixes are alternatives: one of them is applied. --rule R --option N
applies fix N (as numbered in the report) of each finding of R.

## How it proves a fix
The edits are exact and minimal: a Nix list element with its separator, one
word of an After= line, lines added to a [Unit] section, a drop-in created
beside a unit file that is a link. The linted folders are copied to a
temporary folder, the edits put in the copy and the whole repository linted
again: if an edited file would not parse, a fixed finding would remain or a new
error would appear, nothing is written and the run exits 2. Files are written
atomically (a temporary file beside each, renamed over it), never through a
link. --diff prints a unified diff and writes nothing. The exit code is the one
the repository lints to after the fix: 0 clean, 1 errors remain.

## Example
deploy-lint fix --rule health-gate-deadlock --option 2 --diff examples/ci-host:
    --- a/examples/ci-host/nix/modules/dashboard.nix
    +++ b/examples/ci-host/nix/modules/dashboard.nix
    -    after = [ "swarm-init.service" "deploy-proxy.service" ];
    +    after = [ "swarm-init.service" ];
    would edit 1 file; after the fix the repository lints to 0 errors, 0 warnings
Option 1 writes the proxy's own host into the gate (traefik.ci.commoninternet.net),
option 3 adds wants/after on deploy-dashboard.service to deploy-proxy.service and
drops the ordering; examples/ci-host-fix-1, -2 and -3 are the three results.
`,
};
