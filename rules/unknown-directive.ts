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
    // The verdict on a key depends only on the unit type, the section and the key: made once per
    // triple (a generated file can repeat one unknown key a hundred thousand times), kept by
    // type, section and key in nested maps: no key string made per entry.
    const verdicts = new Map<string, Map<string, Map<string, { message?: string; hint?: string }>>>();
    const verdict = (type: string, section: string, key: string): { message?: string; hint?: string } => {
      const allowed = new Set(['Unit', 'Install', ...(TYPE_SECTION[type] ? [TYPE_SECTION[type]!] : [])]);
      const known = catalog.get(section);
      if (!allowed.has(section)) return { message: `section [${section}] does not exist in a .${type} unit; systemd ignores "${key}=" there` };
      if (known?.has(key)) return {};
      const elsewhere = [...allowed].find((s) => catalog.get(s)?.has(key) || [...(catalog.get(s) ?? [])].some((k) => k.toLowerCase() === key.toLowerCase()));
      const exact = elsewhere ? [...catalog.get(elsewhere)!].find((k) => k.toLowerCase() === key.toLowerCase()) : undefined;
      const hint = exact && exact === key ? undefined : exact ?? closest(key, [...(known ?? [])]);
      const message = elsewhere && exact
        ? `${key}= is not a [${section}] key: systemd ignores it here (it belongs in [${elsewhere}] as ${exact}=)`
        : `unknown key ${key}= in [${section}]: systemd ignores it${hint ? ` (did you mean ${hint}=?)` : ''}`;
      return { message, hint };
    };
    for (const u of graph.units()) {
      if (u.source !== 'repo') continue;
      let ofType = verdicts.get(u.type);
      if (!ofType) verdicts.set(u.type, (ofType = new Map()));
      u.directives.forEach((entries) => {
        for (const e of entries) {
          if (e.key.startsWith('X-') || e.section.startsWith('X-')) continue;
          let ofSection = ofType.get(e.section);
          if (!ofSection) ofType.set(e.section, (ofSection = new Map()));
          let v = ofSection.get(e.key);
          if (!v) ofSection.set(e.key, (v = verdict(u.type, e.section, e.key)));
          const { message, hint } = v;
          if (!message) continue;
          report({
            message,
            subject: u.id,
            location: e.span,
            fixes: [{ description: hint ? `rename it to ${hint}=` : 'remove it, or write the key systemd knows', applicability: 'display-only' }],
          });
        }
      });
    }
  },
};
