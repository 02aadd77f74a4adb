import { describe, expect, it } from 'vitest';
import { LineIndex } from '../src/parsers/line-index.js';

/** Line and column of every offset, as [line, column] pairs. */
function positions(text: string, breaks: 'lf' | 'any'): number[][] {
  const li = new LineIndex('f', text, breaks);
  return Array.from({ length: text.length + 1 }, (_, i) => {
    const p = li.position(i);
    return [p.line, p.column];
  });
}

describe('LineIndex', () => {
  it("'lf': only \\n ends a line (a \\r stays on its line)", () => {
    expect(positions('a\r\nb\rc\n\nd', 'lf')).toEqual([
      [1, 1], [1, 2], [1, 3], [2, 1], [2, 2], [2, 3], [2, 4], [3, 1], [4, 1], [4, 2],
    ]);
  });

  it("'any': \\n, \\r\\n and a lone \\r each end one line, as in Nix", () => {
    expect(positions('a\r\nb\rc\n\r\rd\r', 'any')).toEqual([
      [1, 1], [1, 2], [1, 3], [2, 1], [2, 2], [3, 1], [3, 2], [4, 1], [5, 1], [6, 1], [6, 2], [7, 1],
    ]);
    expect(positions('\r\n\r\n', 'any')).toEqual([[1, 1], [1, 2], [2, 1], [2, 2], [3, 1]]);
  });
});
