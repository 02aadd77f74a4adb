import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OffsetSegment, SourceText } from '../src/model/span.js';
import { positionIn, sourceTextAt } from '../src/model/span.js';
import { deriveSourceText, positionOf, rangeSpan } from '../src/parsers/shell/source-map.js';
import { at } from './helpers/shell.js';

const sourceText = fc
  .tuple(
    fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '"', '\\'), maxLength: 60 }),
    fc.uniqueArray(fc.nat(60), { maxLength: 6 }),
    fc.integer({ min: 1, max: 40 }),
  )
  .map(([text, cuts, firstLine]): SourceText => {
    const offsets = [0, ...cuts.filter((c) => c > 0 && c < text.length)].sort((x, y) => x - y);
    const segments: OffsetSegment[] = offsets.map((offset, i) => ({ offset, line: firstLine + i * 3, column: 1 + ((i * 7) % 9) }));
    return { text, file: 'f', segments };
  });

describe('source maps', () => {
  it('positionOf agrees with positionIn everywhere', () => {
    fc.assert(
      fc.property(sourceText, fc.nat(70), (src, offset) => {
        expect(positionOf(src, offset)).toEqual(positionIn(src, offset));
      }),
    );
  });

  it('a text on one line (LineText) is placed as the same text with its one segment', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\'), maxLength: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: -2, max: 45 }), fc.nat(45), (text, line, column, start, end) => {
        const one = sourceTextAt('u.service', text, line, column);
        const plain: SourceText = { text, file: 'u.service', segments: [{ offset: 0, line, column }] };
        expect(one.constructor.name).toBe('LineText');
        expect(positionOf(one, start)).toEqual(positionOf(plain, start));
        expect(positionOf(one, start)).toEqual(positionIn(one, start));
        expect(rangeSpan(one, start, end)).toEqual(rangeSpan(plain, start, end));
      }),
    );
  });

  it('a derived text maps each character back to where it came from', () => {
    const src = sourceTextAt('u.service', `sh -c "a \\"b c\\"\nd"`, 4, 11);
    // The value of the -c word: a "b c"<newline>d, with the escapes' source ranges.
    const text = 'a "b c"\nd';
    const offsets = [7, 8, 9, 11, 12, 13, 14, 16, 17];
    const ends = [8, 9, 11, 12, 13, 14, 16, 17, 18];
    const d = deriveSourceText(src, text, offsets, ends);
    expect(at(rangeSpan(d, 2, 7))).toBe('4:20-4:27');
    expect(at(rangeSpan(d, 0, 1))).toBe('4:18-4:19');
    expect(at(rangeSpan(d, 8, 9))).toBe('5:1-5:2');
    expect(positionIn(d, 8)).toEqual({ line: 5, column: 1 });
  });

  it('an empty range sits at its start', () => {
    expect(at(rangeSpan(sourceTextAt('f', 'abc', 2, 3), 1, 1))).toBe('2:4-2:4');
  });
});
