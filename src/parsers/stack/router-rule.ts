/**
 * Traefik router rules, parsed for real: matchers with string arguments joined
 * by `||`, `&&`, `!` and parentheses. Only the hosts a router can answer for
 * matter to the graph: `Host` (v3: one host per call; v2: several) and v2's
 * `HostHeader` in positive position. `HostRegexp` is a pattern, not a host, and
 * is kept apart. Every other matcher (`PathPrefix`, `Method`, `HostSNI` of TCP
 * routers, …) says nothing about which host is served.
 */

export interface RuleString {
  value: string;
  /** Offsets in the rule text: the literal including its quotes. */
  start: number;
  end: number;
}

export type RuleExpr =
  | { kind: 'matcher'; name: string; args: RuleString[]; start: number; end: number }
  | { kind: 'not'; expr: RuleExpr }
  | { kind: 'and' | 'or'; left: RuleExpr; right: RuleExpr };

export interface RuleError {
  message: string;
  offset: number;
}

type Token =
  | { type: 'ident' | 'word'; text: string; start: number; end: number }
  | { type: 'string'; value: string; start: number; end: number }
  | { type: '(' | ')' | ',' | '&&' | '||' | '!' | 'end'; start: number; end: number };

/** The label key of a traefik v2/v3 router rule (docker labels, NixOS OCI container labels). */
export const ROUTER_RULE = /^traefik\.http\.routers\.[^.]+\.rule$/i;

const HOST_MATCHERS = new Set(['host', 'hostheader']);
const WORD = /[^\s()!,`"'&|]/;
const PATTERN_MATCHERS = new Set(['hostregexp']);

export function parseRouterRule(text: string): { expr: RuleExpr } | { error: RuleError } {
  const tokens = tokenize(text);
  if ('error' in tokens) return tokens;
  const p = new RuleParser(tokens.tokens);
  try {
    const expr = p.or();
    p.expect('end', 'end of rule (`&&`, `||` or nothing)');
    return { expr };
  } catch (e) {
    if (e instanceof RuleSyntaxError) return { error: { message: e.message, offset: e.offset } };
    throw e;
  }
}

/** Hosts and host patterns the rule can match; anything under `!` is excluded. */
export function servedHosts(expr: RuleExpr): { hosts: RuleString[]; patterns: RuleString[] } {
  const hosts: RuleString[] = [];
  const patterns: RuleString[] = [];
  const walk = (e: RuleExpr): void => {
    if (e.kind === 'not') return;
    if (e.kind !== 'matcher') {
      walk(e.left);
      walk(e.right);
      return;
    }
    const name = e.name.toLowerCase();
    if (HOST_MATCHERS.has(name)) hosts.push(...e.args);
    else if (PATTERN_MATCHERS.has(name)) patterns.push(...e.args);
  };
  walk(expr);
  return { hosts, patterns };
}

class RuleSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class RuleParser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  or(): RuleExpr {
    let left = this.and();
    while (this.peek().type === '||') {
      this.i++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): RuleExpr {
    let left = this.unary();
    while (this.peek().type === '&&') {
      this.i++;
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): RuleExpr {
    const t = this.peek();
    if (t.type === '!') {
      this.i++;
      return { kind: 'not', expr: this.unary() };
    }
    if (t.type === '(') {
      this.i++;
      const expr = this.or();
      this.expect(')', '`)`');
      return expr;
    }
    if (t.type === 'ident') return this.matcher(t);
    throw new RuleSyntaxError(`expected a matcher such as Host(\`example.org\`), \`!\` or \`(\`, found ${describe(t)}`, t.start);
  }

  private matcher(name: Token & { type: 'ident' | 'word' }): RuleExpr {
    this.i++;
    this.expect('(', `\`(\` after ${name.text}`);
    const args: RuleString[] = [];
    if (this.peek().type !== ')') {
      for (;;) {
        const t = this.peek();
        if (t.type !== 'string') throw new RuleSyntaxError(`expected a quoted argument to ${name.text}(), found ${describe(t)}`, t.start);
        args.push({ value: t.value, start: t.start, end: t.end });
        this.i++;
        if (this.peek().type !== ',') break;
        this.i++;
      }
    }
    const close = this.expect(')', `\`,\` or \`)\` in ${name.text}()`);
    return { kind: 'matcher', name: name.text, args, start: name.start, end: close.end };
  }

  expect(type: Token['type'], what: string): Token {
    const t = this.peek();
    if (t.type !== type) throw new RuleSyntaxError(`expected ${what}, found ${describe(t)}`, t.start);
    this.i++;
    return t;
  }

  private peek(): Token {
    return this.tokens[this.i] ?? this.tokens[this.tokens.length - 1]!;
  }
}

function describe(t: Token): string {
  if (t.type === 'end') return 'the end of the rule';
  if (t.type === 'ident' || t.type === 'word') return `\`${t.text}\``;
  if (t.type === 'string') return 'a string';
  return `\`${t.type}\``;
}

function tokenize(text: string): { tokens: Token[] } | { error: RuleError } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '`' || c === '"' || c === "'") {
      // Backticks are raw; double quotes take Go escapes, of which `\"` and `\\` matter here.
      const start = i++;
      let value = '';
      while (i < text.length && text[i] !== c) {
        if (c === '"' && text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i++];
      }
      if (i >= text.length) return { error: { message: `unterminated string: expected a closing ${c}`, offset: start } };
      tokens.push({ type: 'string', value, start, end: ++i });
    } else if (text.startsWith('&&', i) || text.startsWith('||', i)) {
      tokens.push({ type: text.slice(i, i + 2) as '&&' | '||', start: i, end: i + 2 });
      i += 2;
    } else if (c === '(' || c === ')' || c === ',' || c === '!') {
      tokens.push({ type: c, start: i, end: ++i });
    } else if (WORD.test(c)) {
      // A bare word that is not a name (an unquoted host) still becomes a token, so the error names it.
      const start = i;
      while (i < text.length && WORD.test(text[i]!)) i++;
      const word = text.slice(start, i);
      tokens.push({ type: /^[A-Za-z_][A-Za-z0-9_]*$/.test(word) ? 'ident' : 'word', text: word, start, end: i });
    } else {
      return { error: { message: `unexpected character \`${c}\``, offset: i } };
    }
  }
  tokens.push({ type: 'end', start: text.length, end: text.length });
  return { tokens };
}
