/**
 * getopt-style scanning of an argv of Words, enough to find the options and
 * positional arguments of the tools we read (docker, curl, systemctl, …). Each
 * tool declares which of its options take a value; everything else is a flag.
 */
import type { SourceText } from '../../model/span.js';
import { rangeSpan } from './source-map.js';
import type { Word } from './word.js';

export interface OptionSpec {
  /** Short option letters that take a value (`m` for curl's `-m 5`, `-m5`). */
  short?: string;
  /** Long option names, without `--`, that take a value (`--max-time 5`, `--max-time=5`). */
  long?: readonly string[];
  /** Options are only recognised before the first positional (wrappers, `docker`'s global options). */
  stopAtPositional?: boolean;
}

export interface ParsedOption {
  /** As written, without the value: `-m`, `--max-time`. */
  name: string;
  value?: Word;
  word: Word;
}

export interface ParsedArgs {
  options: ParsedOption[];
  positionals: Word[];
  /** Index in the scanned argv of the first positional when `stopAtPositional`. */
  stoppedAt?: number;
}

/** The part of a word after `from` characters of its value, as a word of its own. */
export function subWord(src: SourceText, word: Word, from: number): Word {
  const offsets = word.offsets.slice(from);
  const ends = word.ends.slice(from);
  const start = offsets[0] ?? word.end;
  const end = ends[ends.length - 1] ?? word.end;
  // `--opt="value"`: the value's span takes the closing quote, like a whole word's span does.
  const realEnd = end === word.end - 1 ? word.end : end;
  return {
    value: word.value.slice(from),
    literal: word.literal,
    start,
    end: realEnd,
    span: rangeSpan(src, start, realEnd),
    offsets,
    ends,
  };
}

export function scanArgs(src: SourceText, argv: readonly Word[], spec: OptionSpec, from = 1): ParsedArgs {
  const short = spec.short ?? '';
  // A short list searched as it is: scanArgs runs for every command of every script, and a Set per call cost more.
  const long = spec.long ?? [];
  const options: ParsedOption[] = [];
  const positionals: Word[] = [];
  let i = from;
  for (; i < argv.length; i++) {
    const w = argv[i]!;
    const v = w.value;
    if (v === '--') {
      i++;
      break;
    }
    if (v.startsWith('--') && v.length > 2) {
      const eq = v.indexOf('=');
      const name = eq >= 0 ? v.slice(0, eq) : v;
      if (eq >= 0) options.push({ name, value: subWord(src, w, eq + 1), word: w });
      else if (long.includes(name.slice(2)) && i + 1 < argv.length) options.push({ name, value: argv[++i]!, word: w });
      else options.push({ name, word: w });
      continue;
    }
    if (v.startsWith('-') && v.length > 1) {
      for (let k = 1; k < v.length; k++) {
        const c = v[k]!;
        if (short.includes(c)) {
          if (k + 1 < v.length) options.push({ name: `-${c}`, value: subWord(src, w, k + 1), word: w });
          else if (i + 1 < argv.length) options.push({ name: `-${c}`, value: argv[++i]!, word: w });
          else options.push({ name: `-${c}`, word: w });
          break;
        }
        options.push({ name: `-${c}`, word: w });
      }
      continue;
    }
    if (spec.stopAtPositional) return { options, positionals: argv.slice(i), stoppedAt: i };
    positionals.push(w);
  }
  positionals.push(...argv.slice(i));
  return spec.stopAtPositional ? { options, positionals, stoppedAt: i } : { options, positionals };
}

/** Every value of an option, by any of its names (`-m`, `--max-time`). */
export function optionValues(args: ParsedArgs, ...names: string[]): Word[] {
  return args.options.filter((o) => names.includes(o.name) && o.value).map((o) => o.value!);
}

/** The last value of an option: the one most tools honour when it is repeated. */
export function optionValue(args: ParsedArgs, ...names: string[]): Word | undefined {
  const all = optionValues(args, ...names);
  return all[all.length - 1];
}

/** A flag is set: present without a value, or `--flag=true`. */
export function hasFlag(args: ParsedArgs, ...names: string[]): boolean {
  let on = false;
  for (const o of args.options) {
    if (!names.includes(o.name)) continue;
    on = o.value === undefined || !/^(false|0|no)$/i.test(o.value.value);
  }
  return on;
}
