# The command every deploy unit runs: reconcile one stack from its spec in
# scripts/warm_reconcile.py, then wait until the spec's health gate answers.
{ pkgs }:

"${pkgs.python3}/bin/python3 ${../../scripts/warm_reconcile.py}"
