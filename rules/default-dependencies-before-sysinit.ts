import { bootJobs, transactionJobs } from '../src/graph/algorithms/closure.js';
import { shortestPath, shortestPathsFrom } from '../src/graph/algorithms/paths.js';
import { orderingSteps } from '../src/graph/queries/ordering.js';
import { orderingEdgeKey, type Rule } from './api.js';

/** The early targets each unit type's default dependencies order it after. */
const DEFAULT_AFTER: Record<string, readonly string[]> = {
  service: ['sysinit.target', 'basic.target'],
  socket: ['sysinit.target'],
  timer: ['sysinit.target'],
  path: ['sysinit.target'],
};

export const defaultDependenciesBeforeSysinit: Rule = {
  meta: {
    id: 'default-dependencies-before-sysinit',
    defaultSeverity: 'error',
    summary: 'A unit with default dependencies ordered (directly or through stock units) before sysinit.target or basic.target',
    docs: {
      what: 'Reports a service, socket, timer or path unit that keeps DefaultDependencies=yes — which orders it after sysinit.target (and services after basic.target) — while something orders it before one of those targets: its own Before=, WantedBy=basic.target with a stock unit that orders itself after it (the auditd pattern: systemd-update-utmp.service has After=auditd.service and Before=sysinit.target), or a longer chain.',
      why: 'That is an ordering cycle through early boot: systemd deletes a job to break it, and the victim is often a stock unit (systemd-update-utmp, systemd-sysusers), so boot records or system users silently go missing.',
      example: 'auditd.service: [Install] WantedBy=basic.target   (no DefaultDependencies=no)',
      fix: 'Set DefaultDependencies=no (unitConfig.DefaultDependencies = false; in Nix) and order the unit explicitly: After=local-fs.target (and whatever it really needs), Before=sysinit.target shutdown.target, Conflicts=shutdown.target.',
    },
  },
  check({ graph, report }) {
    // One search from each early target serves every unit (one per unit made the rule quadratic).
    const searches = new Map<string, (to: string) => string[] | null>();
    const pathsFrom = (target: string) => {
      let paths = searches.get(target);
      if (!paths) searches.set(target, (paths = shortestPathsFrom(graph, target, ['after'])));
      return paths;
    };
    let boot: Set<string> | undefined;
    for (const u of graph.units()) {
      if (u.source !== 'repo' || !u.defaultDependencies) continue;
      // Ordering acts only between jobs of one transaction: the chain must lie in the cold boot's
      // (when u is in it) or in u's own start transaction. A Before= on a unit nothing pulls in there
      // (systemd-fsck-root.service is never in the initrd's transactions) orders nothing.
      let jobs: Set<string> | undefined;
      const transaction = (): Set<string> => {
        if (jobs) return jobs;
        jobs = transactionJobs(graph, u.id);
        boot ??= bootJobs(graph);
        if (boot.has(u.id)) for (const j of boot) jobs.add(j);
        return jobs;
      };
      for (const target of DEFAULT_AFTER[u.type] ?? []) {
        if (!graph.node(target)) continue;
        // target after … after u: u is ordered before the target. The transaction is computed
        // only for a unit that has such a chain at all.
        let chain = pathsFrom(target)(u.id);
        if (chain && !chain.every((id) => transaction().has(id))) chain = shortestPath(graph, target, u.id, ['after'], transaction());
        if (!chain) continue;
        const steps = orderingSteps(graph, chain);
        report({
          message: `${u.name} keeps default dependencies (ordered after ${target}) but is ordered before ${target}`,
          subject: u.id,
          location: steps.find((s) => s.location.file === u.span.file)?.location ?? u.span,
          path: steps,
          effect: { summary: `an ordering cycle through early boot: systemd deletes one of its jobs, often a stock unit's, on every boot`, timeoutSec: 0 },
          // The cycle's root cause: the default dependency u after target. ordering-cycle's finding on
          // a cycle through that edge says the same with less (see `supersedes`).
          blames: [orderingEdgeKey(u.id, target)],
          fixes: [{ description: `set DefaultDependencies=no on ${u.name} (unitConfig.DefaultDependencies = false; in Nix) and order it explicitly: After=local-fs.target, Before=sysinit.target shutdown.target, Conflicts=shutdown.target`, applicability: 'display-only' }],
        });
        break;
      }
    }
  },
  supersedes: ['ordering-cycle'],
};
