import { lastValue, mayLack, spanIn, type Rule } from './api.js';

export const oneshotRestartAlways: Rule = {
  meta: {
    id: 'oneshot-restart-always',
    defaultSeverity: 'error',
    summary: 'Type=oneshot with Restart=always or on-success: systemd refuses to load the unit',
    docs: {
      what: 'Reports a Type=oneshot service with Restart=always or Restart=on-success.',
      why: 'systemd refuses it: "Service has Restart= set to either always or on-success, which isn\'t allowed for Type=oneshot services. Refusing." The unit does not load, so it never runs and everything that requires it fails.',
      example: '[Service]\nType=oneshot\nRestart=always',
      fix: 'Use Restart=on-failure, or make it a long-running Type=simple/exec service.',
    },
  },
  check({ graph, report }) {
    for (const u of graph.units()) {
      if (u.source !== 'repo' || u.serviceType !== 'oneshot') continue;
      // Without Type=, oneshot means "no ExecStart=": not known of a unit the repository holds only in part.
      if (mayLack(u, 'Service.Type', 'Service.ExecStart') && !lastValue(u.directives, 'Service.Type')) continue;
      const restart = lastValue(u.directives, 'Service.Restart');
      if (!restart || !['always', 'on-success'].includes(restart.value.text)) continue;
      report({
        message: `${u.name} is Type=oneshot with Restart=${restart.value.text}: systemd refuses to load it`,
        subject: u.id,
        location: restart.span,
        effect: { summary: `${u.name} does not load; units that require it fail to start`, timeoutSec: 0 },
        fixes: [{ description: 'use Restart=on-failure', applicability: 'unsafe', edits: [{ span: spanIn(restart.value, 0, restart.value.text.length), replacement: 'on-failure' }] }],
      });
    }
  },
};
