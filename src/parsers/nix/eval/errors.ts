/**
 * Evaluation failures. `throw`/`assert` failures are what `builtins.tryEval`
 * catches; the others (type errors, infinite recursion, running out of the
 * step budget) are not catchable from Nix, as in Nix.
 */
import type { Span } from '../../../model/span.js';

export type EvalErrorKind = 'throw' | 'assert' | 'abort' | 'type' | 'missing' | 'recursion' | 'depth' | 'other';

export class EvalError extends Error {
  constructor(
    message: string,
    readonly span: Span | undefined,
    readonly kind: EvalErrorKind = 'other',
  ) {
    super(message);
  }

  /** What `builtins.tryEval` turns into `{ success = false; }`. */
  get catchable(): boolean {
    return this.kind === 'throw' || this.kind === 'assert';
  }
}

/** The per-evaluation step budget ran out: stop everything, report once. */
export class BudgetExceeded extends Error {
  constructor(
    readonly span: Span | undefined,
    /** The file whose own budget ran out; undefined when the whole session's did. */
    readonly file?: string,
  ) {
    super('evaluation budget exceeded');
  }
}
