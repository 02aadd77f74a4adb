/** The progress line: only on a terminal, only after the delay, erased at the end. */
import { describe, expect, it } from 'vitest';
import { progressLine } from '../src/cli/progress.js';

function fakeStream() {
  const written: string[] = [];
  return { written, stream: { write: (s: string) => written.push(s) > 0 } as unknown as NodeJS.WriteStream };
}

describe('progress', () => {
  it('says nothing when not a terminal', () => {
    const f = fakeStream();
    const p = progressLine(f.stream, false, 0);
    p.stage('parsing');
    p.done();
    expect(f.written).toEqual([]);
  });

  it('says nothing for a quick run on a terminal', () => {
    const f = fakeStream();
    const p = progressLine(f.stream, true, 60_000);
    p.stage('parsing');
    p.done();
    expect(f.written).toEqual([]);
  });

  it('draws each stage once the delay has passed, then erases the line', () => {
    const f = fakeStream();
    const p = progressLine(f.stream, true, 0);
    p.stage('parsing 3 files');
    p.stage('checking the graph');
    p.done();
    expect(f.written).toEqual(['\r\x1b[2Kdeploy-lint: parsing 3 files…', '\r\x1b[2Kdeploy-lint: checking the graph…', '\r\x1b[2K']);
  });
});
