#!/usr/bin/env python3
"""Reconcile one swarm stack from its spec, then wait until it is healthy.

Usage: warm_reconcile.py SPEC

Each deploy-<name>.service runs this with its spec name. The health gate is
what makes the deploy unit's start job last until the stack really answers:
units ordered after it start only then.
"""
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

STACK_DIR = "/srv/deploy/stacks"
DOMAIN = "ci.commoninternet.net"


@dataclass(frozen=True)
class Spec:
    stack: str
    health_domain: str = ""
    health_url: str = ""
    timeout: int = 900
    depends_on: list = field(default_factory=list)


SPECS = {
    "traefik": Spec(
        stack="proxy.yml",
        # A routed host proves that traefik routes and serves TLS.
        health_domain="ci.commoninternet.net",
    ),
    "dashboard": Spec(stack="dashboard.yml", health_url="http://localhost:8081/"),
    "postgres": Spec(stack="postgres.yml", health_url="http://localhost:5432/", timeout=300),
    "storage": Spec(stack="storage.yml", health_url="http://localhost:9000/minio/health/live", timeout=300),
    "gitea": Spec(stack="gitea.yml", health_domain="git.ci.commoninternet.net", timeout=600),
    "registry": Spec(stack="registry.yml", health_domain="registry.ci.commoninternet.net", timeout=600),
    "drone": Spec(stack="drone.yml", health_domain="drone.ci.commoninternet.net", timeout=600),
    "drone-runner": Spec(stack="drone-runner.yml"),
    "monitoring": Spec(stack="monitoring.yml", health_domain="grafana.ci.commoninternet.net", timeout=600),
}


def deploy(name: str, spec: Spec) -> None:
    subprocess.run(
        ["docker", "stack", "deploy", "--prune", "-c", f"{STACK_DIR}/{spec.stack}", name],
        check=True,
    )


def wait_healthy(url: str, timeout: int = 900) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(5)
    raise SystemExit(f"{url} did not answer 200 within {timeout}s")


def main() -> None:
    name = sys.argv[1]
    spec = SPECS[name]
    deploy(name, spec)
    if spec.health_domain:
        wait_healthy(f"https://{spec.health_domain}/", spec.timeout)
    elif spec.health_url:
        wait_healthy(spec.health_url, spec.timeout)


if __name__ == "__main__":
    main()
