import { mayLack, type EdgeKind } from '../src/graph/model.js';
import type { Rule } from './api.js';

const STARTED_BY: readonly EdgeKind[] = ['wants', 'requires', 'binds-to', 'upholds', 'installs', 'triggers', 'on-failure', 'on-success', 'gates-on'];

export const neverStarted: Rule = {
  meta: {
    id: 'never-started',
    defaultSeverity: 'info',
    summary: 'A unit that nothing pulls in and no socket, timer or path activates',
    docs: {
      what: 'Reports a unit of the repo that no other unit wants, requires or upholds, that no target installs (no WantedBy=/RequiredBy=, no .wants/ link), and that no socket, timer or path unit activates. A unit the repository holds only in part is not reported: NixOS settings added to a service a module outside the repository defines (`systemd.services.jellyfin.serviceConfig.UMask` beside `services.jellyfin.enable`), or a unit some of whose options could not be known.',
      why: 'It never starts on its own: a forgotten [Install] section, or a unit left behind after a refactor. Anything waiting for what it provides waits in vain.',
      example: '[Service]\nExecStart=/usr/local/bin/backup\n(no [Install] section, no timer)',
      fix: 'Add WantedBy=multi-user.target (wantedBy in Nix), a timer or socket for it, or delete it.',
    },
  },
  check({ graph, report }) {
    if (graph.partial) return; // a module on its own: the configuration that imports it may start its units
    if (graph.manager === 'initrd') return; // a dracut module's install script (module-setup.sh) enables its units
    for (const u of graph.units()) {
      // An uncertain unit may be started by what the repository does not hold (an unknown wantedBy, a nixpkgs module).
      if (u.source !== 'repo' || mayLack(u, 'Install.WantedBy', 'Install.RequiredBy', 'Install.UpheldBy', 'Install.Alias') || u.name.includes('@.') || u.id === graph.defaultTarget) continue;
      if (graph.someInEdge(u.id, STARTED_BY, (e) => e.from !== u.id)) continue;
      report({
        message: `nothing starts ${u.name}: no unit wants it, no target installs it, and no socket, timer or path activates it`,
        subject: u.id,
        location: u.span,
        fixes: [{ description: `add WantedBy=multi-user.target to ${u.name}, or a timer/socket that activates it`, applicability: 'display-only' }],
      });
    }
  },
};
