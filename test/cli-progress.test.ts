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
    const p = progressLine(f.stream, true, 0, 0);
    p.stage('parsing 3 files');
    p.stage('checking the graph');
    p.done();
    expect(f.written).toEqual(['\r\x1b[2Kdeploy-lint: parsing 3 files…', '\r\x1b[2Kdeploy-lint: checking the graph…', '\r\x1b[2K']);
  });

  it('redraws at most every interval, so counts per file do not flood the terminal', () => {
    const f = fakeStream();
    const p = progressLine(f.stream, true, 0, 60_000);
    for (let i = 1; i <= 100; i++) p.stage(`reading: ${i} of 100 files read`);
    expect(f.written).toEqual(['\r\x1b[2Kdeploy-lint: reading: 1 of 100 files read…']);
  });

  it('the pipeline reports each file read and each host, so the line moves', async () => {
    const { lint } = await import('../src/lint.js');
    const { join } = await import('node:path');
    const stages: string[] = [];
    await lint({ paths: ['examples/ci-host'], cwd: join(import.meta.dirname, '..'), onProgress: (s) => stages.push(s) });
    const counts = stages.map((s) => /(\d+) of (\d+) files read/.exec(s)).filter((m) => m !== null).map((m) => Number(m![1]));
    expect(counts.length).toBeGreaterThan(10);
    expect(Math.max(...counts)).toBe(counts.at(-1));
    expect(stages.some((s) => s.startsWith('checking host'))).toBe(true);
  });
});
