/**
 * "Did you mean": close for the name's length or nothing, and bounded work
 * (issue 12: 3,000 typos took 22-38 s with a full edit distance against every
 * known name).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedDistance, bagDistance, boundedDistance, closest, MAX_NAME_LENGTH, NameIndex } from '../rules/did-you-mean.js';

/** Optimal string alignment distance, the textbook full table. */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

describe('did you mean', () => {
  it('suggests only what is close for the length', () => {
    expect(closest('TimeoutStarSec', ['TimeoutStartSec', 'TimeoutStopSec', 'Type'])).toBe('TimeoutStartSec');
    expect(closest('Restrat', ['Restart', 'RestartSec'])).toBe('Restart'); // a swap is one edit
    // Short names: one edit away or nothing; "docker" is not a typo of "loki".
    expect(new NameIndex(['loki', 'dbus', 'docker']).closest('dockr')).toBe('docker');
    expect(new NameIndex(['loki', 'dbus']).closest('docker')).toBeUndefined();
    expect(new NameIndex(['dbus']).closest('dnsmasq')).toBeUndefined();
    expect(new NameIndex(['graphical']).closest('graphical-session')).toBeUndefined();
    expect(new NameIndex(['ab']).closest('ac')).toBeUndefined();
    expect(allowedDistance(2)).toBe(0);
  });

  it('gives no suggestion for names past the length cap', () => {
    const long = 'a'.repeat(MAX_NAME_LENGTH + 1);
    expect(new NameIndex([`${long}b`, long.slice(1)]).closest(long)).toBeUndefined();
  });

  it('is deterministic: among equally close names, the first in sorted order', () => {
    expect(new NameIndex(['web-b', 'web-a', 'web-c']).closest('web-x')).toBe('web-a');
  });

  it('bounded distance is the optimal string alignment distance capped at max + 1; the bag distance never exceeds it', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-', 'é'), maxLength: 12 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, max) => {
        const d = osa(a, b);
        expect(boundedDistance(a, b, max)).toBe(Math.min(d, max + 1));
        expect(bagDistance(a, b)).toBeLessThanOrEqual(d);
      }),
      { numRuns: 2000 },
    );
  });
});
