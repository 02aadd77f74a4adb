/**
 * At most FINDINGS_PER_FILE findings of one rule in one file on one graph: the
 * first ones by position, each with its exact span, then one finding of the
 * same rule that counts the rest. A generated or hostile file can hold a
 * million legitimate findings (a dangling After= per line); listing them all
 * costs gigabytes and helps no one, and the count keeps the gate honest (the
 * summary has the severity of the worst finding it stands for).
 *
 * Which findings are kept does not depend on the order a rule reports them in:
 * per file, a max-heap keeps the FINDINGS_PER_FILE smallest by (span, message),
 * so memory is bounded by the cap, not by the findings.
 */
import { SEVERITY_RANK, type Diagnostic, type Severity } from './model/diagnostic.js';
import { compareSpans } from './model/span.js';

export const FINDINGS_PER_FILE = 100;

/** The findings of one rule in one file: the first FINDINGS_PER_FILE, and what was left out. */
class FileFindings {
  /** A max-heap by `order`: kept[0] is the last of the kept ones. */
  readonly kept: Diagnostic[] = [];
  omitted = 0;
  /** The first left-out finding by position: where the summary points. */
  firstOmitted: Diagnostic | undefined;
  worst: Severity = 'info';

  add(d: Diagnostic, cap: number): void {
    if (this.kept.length < cap) {
      this.kept.push(d);
      siftUp(this.kept, this.kept.length - 1);
      return;
    }
    let out = d;
    if (order(d, this.kept[0]!) < 0) {
      out = this.kept[0]!;
      this.kept[0] = d;
      siftDown(this.kept, 0);
    }
    this.omitted++;
    if (SEVERITY_RANK[out.severity] < SEVERITY_RANK[this.worst]) this.worst = out.severity;
    if (!this.firstOmitted || order(out, this.firstOmitted) < 0) this.firstOmitted = out;
  }
}

export class FindingCap {
  private readonly byFile = new Map<string, FileFindings>();

  constructor(private readonly cap = FINDINGS_PER_FILE) {}

  add(d: Diagnostic): void {
    let f = this.byFile.get(d.location.file);
    if (!f) this.byFile.set(d.location.file, (f = new FileFindings()));
    f.add(d, this.cap);
  }

  /** The kept findings of each file, in the order they were first seen per file, and one summary per file past the cap. */
  findings(): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const [file, f] of this.byFile) {
      out.push(...[...f.kept].sort(order));
      const first = f.firstOmitted;
      if (!first) continue;
      const { rule } = first;
      out.push({
        rule,
        severity: f.worst,
        message: `${f.omitted} more ${rule} finding${f.omitted === 1 ? '' : 's'} in ${file} not listed: a rule lists at most ${this.cap} per file (the first by position); this is the first of the rest`,
        subject: file,
        location: first.location,
        path: [],
        effect: null,
        fixes: [],
        docs: first.docs,
        ...(first.host !== undefined ? { host: first.host } : {}),
      });
    }
    return out;
  }
}

function order(a: Diagnostic, b: Diagnostic): number {
  return compareSpans(a.location, b.location) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

function siftUp(h: Diagnostic[], i: number): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (order(h[i]!, h[p]!) <= 0) return;
    [h[i], h[p]] = [h[p]!, h[i]!];
    i = p;
  }
}

function siftDown(h: Diagnostic[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && order(h[l]!, h[m]!) > 0) m = l;
    if (r < h.length && order(h[r]!, h[m]!) > 0) m = r;
    if (m === i) return;
    [h[i], h[m]] = [h[m]!, h[i]!];
    i = m;
  }
}
