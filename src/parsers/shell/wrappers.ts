/**
 * Commands that run another command: `sudo`, `env`, `exec`, `timeout`, … What
 * matters is the command they run, and for `timeout` the bound it puts on it.
 * `sh -c SCRIPT` is recognised here too, because its script is analysed as bash.
 */
import type { SourceText } from '../../model/span.js';
import { hasFlag, scanArgs, type OptionSpec } from './argv.js';
import { parseDuration } from './durations.js';
import type { Word } from './word.js';
import { basename } from './word.js';

const WRAPPERS: Record<string, OptionSpec> = {
  exec: { short: 'a', stopAtPositional: true },
  command: { stopAtPositional: true },
  builtin: { stopAtPositional: true },
  nohup: { stopAtPositional: true },
  setsid: { stopAtPositional: true },
  chronic: { stopAtPositional: true },
  time: { stopAtPositional: true },
  sudo: { short: 'CDghpRrTtUu', long: ['chdir', 'close-from', 'group', 'host', 'prompt', 'role', 'type', 'other-user', 'user', 'chroot', 'command-timeout'], stopAtPositional: true },
  doas: { short: 'Cu', stopAtPositional: true },
  nice: { short: 'n', long: ['adjustment'], stopAtPositional: true },
  ionice: { short: 'cnp', long: ['class', 'classdata'], stopAtPositional: true },
  stdbuf: { short: 'ioe', long: ['input', 'output', 'error'], stopAtPositional: true },
  runuser: { short: 'ugGw', long: ['user', 'group', 'supp-group', 'whitelist-environment'], stopAtPositional: true },
  flock: { short: 'wE', long: ['timeout', 'conflict-exit-code'], stopAtPositional: true },
  timeout: { short: 'sk', long: ['signal', 'kill-after'], stopAtPositional: true },
};

/** ssh's options that take a value (man ssh): the first positional after them is the host, the rest the remote command. */
const SSH_SPEC: OptionSpec = { short: 'BbcDEeFIiJLlmOoPpQRSWw', stopAtPositional: true };

const ENV_SPEC: OptionSpec = { short: 'uCS', long: ['unset', 'chdir', 'split-string'] };

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash']);

export interface Unwrapped {
  /** The command that finally runs. Empty when a wrapper was only asked something (`command -v x`). */
  argv: readonly Word[];
  /** The tightest `timeout` around it, in seconds. */
  timeoutSec?: number;
}

export function unwrap(src: SourceText, argv: readonly Word[]): Unwrapped {
  let cur = argv;
  let timeoutSec: number | undefined;
  for (let guard = 0; guard < 16; guard++) {
    const name = basename(cur[0]?.value ?? '');
    if (name === 'env') {
      const args = scanArgs(src, cur, { ...ENV_SPEC, stopAtPositional: true });
      let rest = args.positionals;
      while (rest[0] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0].value)) rest = rest.slice(1);
      cur = rest;
      continue;
    }
    // `ssh HOST docker swarm init …`, `docker-machine ssh HOST docker …`: the remote command is what runs
    // (dogvscat builds its swarm this way). A command given as one quoted string stays as it is.
    if (name === 'ssh') {
      const rest = scanArgs(src, cur, SSH_SPEC).positionals.slice(1);
      if (rest.length === 0) break;
      cur = rest;
      continue;
    }
    if (name === 'docker-machine' && cur[1]?.value === 'ssh' && cur.length > 3) {
      cur = cur.slice(3);
      continue;
    }
    if (name === 'busybox' && cur[1] && SHELLS.has(cur[1].value)) {
      cur = cur.slice(1);
      continue;
    }
    const spec = WRAPPERS[name];
    if (!spec) break;
    // With -c these run a shell string: shellCommandString() takes it from here.
    if ((name === 'runuser' || name === 'flock') && cur.some((w) => w.value === '-c' || w.value === '--command')) break;
    const args = scanArgs(src, cur, spec);
    if (name === 'command' && (hasFlag(args, '-v') || hasFlag(args, '-V'))) return { argv: [] };
    let rest = args.positionals;
    if (name === 'flock') rest = rest.slice(1); // the lock file
    if (name === 'sudo') while (rest[0] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0].value)) rest = rest.slice(1);
    if (name === 'timeout') {
      const d = rest[0] ? parseDuration(rest[0].value) : undefined;
      rest = rest.slice(1);
      // `timeout 0` disables the timeout; `-k` adds a grace period before KILL.
      const killAfter = args.options.filter((o) => o.name === '-k' || o.name === '--kill-after').map((o) => parseDuration(o.value?.value ?? ''));
      const grace = killAfter.length > 0 ? (killAfter[killAfter.length - 1] ?? 0) : 0;
      if (d !== undefined && d > 0 && Number.isFinite(d)) {
        const bound = d + grace;
        timeoutSec = timeoutSec === undefined ? bound : Math.min(timeoutSec, bound);
      }
    }
    cur = rest;
  }
  return timeoutSec === undefined ? { argv: cur } : { argv: cur, timeoutSec };
}

/** `sh -c SCRIPT …`, `bash -euc SCRIPT`, `su -c SCRIPT user`, `flock F -c SCRIPT`: the script word. */
export function shellCommandString(src: SourceText, argv: readonly Word[]): Word | undefined {
  const name = basename(argv[0]?.value ?? '');
  if (SHELLS.has(name)) {
    const args = scanArgs(src, argv, { short: 'oO', long: ['rcfile', 'init-file'], stopAtPositional: true });
    const commandMode = args.options.some((o) => o.name === '-c');
    return commandMode ? args.positionals[0] : undefined;
  }
  if (name === 'su' || name === 'runuser') {
    const args = scanArgs(src, argv, { short: 'cgGsuw', long: ['command', 'group', 'supp-group', 'shell', 'user', 'whitelist-environment', 'session-command'] });
    return args.options.find((o) => (o.name === '-c' || o.name === '--command' || o.name === '--session-command') && o.value)?.value;
  }
  if (name === 'flock') {
    const args = scanArgs(src, argv, { short: 'cwE', long: ['command', 'timeout', 'conflict-exit-code'] });
    return args.options.find((o) => (o.name === '-c' || o.name === '--command') && o.value)?.value;
  }
  return undefined;
}

/** `bash script.sh`: a shell run on a script file rather than a `-c` string. */
export function isShell(name: string): boolean {
  return SHELLS.has(name);
}
