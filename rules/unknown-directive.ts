import { closest, loadDirectives, TYPE_SECTION, type Rule } from './api.js';

export const unknownDirective: Rule = {
  meta: {
    id: 'unknown-directive',
    defaultSeverity: 'warning',
    summary: 'A key systemd does not know in that section (with "did you mean")',
    docs: {
      what: "Checks every key of every unit against systemd's own directive index (generated from `man systemd.directives`): an unknown key, a key in the wrong section, or a section the unit type does not have. Keys starting with X- are always allowed.",
      why: 'systemd logs "Unknown key … ignoring" and carries on: a misspelt TimeoutStartSec= or a Type= written in [Unit] (nixpkgs#211048: `unitConfig.type = "oneshot"`) silently does nothing, and the unit behaves with the defaults.',
      example: '[Unit]\nType=oneshot\n[Service]\nTimeoutStarSec=900',
      fix: 'Use the key systemd knows, in the section it belongs to.',
    },
  },
  check({ graph, report }) {
    const catalog = loadDirectives();
    for (const u of graph.units()) {
      if (u.source !== 'repo') continue;
      const allowed = new Set(['Unit', 'Install', ...(TYPE_SECTION[u.type] ? [TYPE_SECTION[u.type]!] : [])]);
      for (const entries of u.directives.values()) {
        for (const e of entries) {
          if (e.key.startsWith('X-') || e.section.startsWith('X-')) continue;
          const known = catalog.get(e.section);
          let message: string | undefined;
          let hint: string | undefined;
          if (!allowed.has(e.section)) {
            message = `section [${e.section}] does not exist in a .${u.type} unit; systemd ignores "${e.key}=" there`;
          } else if (!known?.has(e.key)) {
            const elsewhere = [...allowed].find((s) => catalog.get(s)?.has(e.key) || [...(catalog.get(s) ?? [])].some((k) => k.toLowerCase() === e.key.toLowerCase()));
            const exact = elsewhere ? [...catalog.get(elsewhere)!].find((k) => k.toLowerCase() === e.key.toLowerCase()) : undefined;
            hint = exact && exact === e.key ? undefined : exact ?? closest(e.key, [...(known ?? [])]);
            message = elsewhere && exact
              ? `${e.key}= is not a [${e.section}] key: systemd ignores it here (it belongs in [${elsewhere}] as ${exact}=)`
              : `unknown key ${e.key}= in [${e.section}]: systemd ignores it${hint ? ` (did you mean ${hint}=?)` : ''}`;
          }
          if (!message) continue;
          report({
            message,
            subject: u.id,
            location: e.span,
            fixes: [{ description: hint ? `rename it to ${hint}=` : 'remove it, or write the key systemd knows', applicability: 'display-only' }],
          });
        }
      }
    }
  },
};
