/**
 * Unit files load tree-sitter-bash only for a command line that runs a shell
 * script (src/parsers/shell/analyzer.ts, analyzeExecLine). Its own file: the
 * grammar must not be loaded yet when the first line is analysed.
 */
import { describe, expect, it } from 'vitest';
import { analyzeExecLine, loadShellAnalyzer } from '../src/parsers/shell/analyzer.js';
import { execValue } from './helpers/shell.js';

describe('analyzeExecLine before the bash grammar is loaded', () => {
  it('a plain command line and an `sh -c` script give what the loaded analyzer gives', async () => {
    const plain = execValue('/usr/bin/python3 /srv/warm_reconcile.py traefik');
    const shell = execValue(`/bin/sh -c 'until curl -sf http://localhost:9090/-/ready; do sleep 2; done'`);
    const lazyPlain = await analyzeExecLine(plain);
    const lazyShell = await analyzeExecLine(shell);
    expect(lazyPlain.facts.invocations.map((i) => i.program.value)).toEqual(['/srv/warm_reconcile.py']);
    expect(lazyShell.facts.waits.map((w) => w.endpoint.value)).toEqual(['http://localhost:9090/-/ready']);
    const loaded = await loadShellAnalyzer();
    expect(lazyPlain).toEqual(loaded.analyzeExecLine(plain));
    expect(lazyShell).toEqual(loaded.analyzeExecLine(shell));
  });
});
