/**
 * Scopes. Lexical bindings (`let`, `rec`, lambda arguments) always win over
 * `with`, however deeply the `with` is nested; among `with`s the innermost
 * wins — so lookup walks the chain twice.
 */
import type { Thunk } from './value.js';

export class Env {
  constructor(
    readonly vars: Map<string, Thunk> | null,
    /** For a `with` scope: the thunk of the attrset it opens. */
    readonly withScope: Thunk | null,
    readonly parent: Env | null,
  ) {}

  static scope(vars: Map<string, Thunk>, parent: Env | null): Env {
    return new Env(vars, null, parent);
  }

  static with(attrs: Thunk, parent: Env): Env {
    return new Env(null, attrs, parent);
  }

  /** A lexical binding, or undefined (then the `with` scopes are searched). */
  lookupStatic(name: string): Thunk | undefined {
    for (let e: Env | null = this; e !== null; e = e.parent) {
      const t = e.vars?.get(name);
      if (t !== undefined) return t;
    }
    return undefined;
  }

  /** The `with` scopes from the innermost out. */
  *withScopes(): Generator<Thunk> {
    for (let e: Env | null = this; e !== null; e = e.parent) if (e.withScope) yield e.withScope;
  }
}
