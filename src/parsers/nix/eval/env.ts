/**
 * Scopes. Lexical bindings (`let`, `rec`, lambda arguments) always win over
 * `with`, however deeply the `with` is nested; among `with`s the innermost
 * wins — so lookup walks the chain twice (Machine.lookup walks it for the
 * `with` scopes, innermost first).
 */
import type { Thunk } from './value.js';

export class Env {
  constructor(
    readonly vars: Map<string, Thunk> | null,
    /** For a `with` scope: the thunk of the attrset it opens. */
    readonly withScope: Thunk | null,
    readonly parent: Env | null,
    /**
     * A scope of one name, without a Map: the argument of a plain `x: …`
     * lambda, most calls of the lib prelude's curried functions.
     */
    readonly name: string | null = null,
    readonly value: Thunk | null = null,
  ) {}

  static scope(vars: Map<string, Thunk>, parent: Env | null): Env {
    return new Env(vars, null, parent);
  }

  static one(name: string, value: Thunk, parent: Env | null): Env {
    return new Env(null, null, parent, name, value);
  }

  static with(attrs: Thunk, parent: Env): Env {
    return new Env(null, attrs, parent);
  }

  /** A lexical binding, or undefined (then the `with` scopes are searched). */
  lookupStatic(name: string): Thunk | undefined {
    for (let e: Env | null = this; e !== null; e = e.parent) {
      if (e.name === name) return e.value!;
      const t = e.vars?.get(name);
      if (t !== undefined) return t;
    }
    return undefined;
  }
}
