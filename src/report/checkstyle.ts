/** Checkstyle XML (the format Jenkins' warnings plugin and many review tools read): one <file> per file, one <error> per finding. */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Reporter } from './reporter.js';
import { headline } from './text.js';
import { xmlAttr } from './xml.js';

export const checkstyleReporter: Reporter = (input) => {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of input.diagnostics) byFile.set(d.location.file, [...(byFile.get(d.location.file) ?? []), d]);
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<checkstyle version="4.3">'];
  for (const file of [...byFile.keys()].sort()) {
    out.push(`  <file name="${xmlAttr(file)}">`);
    for (const d of byFile.get(file)!) {
      out.push(
        `    <error line="${d.location.line}" column="${d.location.column}" severity="${d.severity}" message="${xmlAttr(headline(d))}" source="deploy-lint.${xmlAttr(d.rule)}"/>`,
      );
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return `${out.join('\n')}\n`;
};
