/**
 * Commands that check whether something is up: the conditions of wait loops, and
 * the few that wait on their own (`curl --retry`, `wait-for-it`).
 */
import type { ScriptValue } from '../../model/facts.js';
import type { SourceText, Span } from '../../model/span.js';
import { commandSpanOf, type CommandSpan } from './source-map.js';
import { optionValue, scanArgs, type ParsedArgs } from './argv.js';
import { parseInteger, parseSeconds } from './durations.js';
import { SYSTEMCTL_OPTIONS, unitLocated } from './extract-commands.js';
import type { Word } from './word.js';
import { basename, located } from './word.js';

export interface Probe {
  tool: string;
  endpoint: ScriptValue;
  /** Longest a single run can take, when the command line says so (curl -m, nc -w, `timeout N`). */
  tryMaxSec?: number;
  /** The command waits by itself (curl --retry, wait-for-it): its bound, null when it has none. */
  ownWait?: { boundSec: number | null };
}

const CURL_SHORT = 'AbcCdDeEFHKmoPQrtTuUwxXyYz';
const CURL_LONG = [
  'abstract-unix-socket', 'alt-svc', 'aws-sigv4', 'cacert', 'capath', 'cert-type', 'cert', 'ciphers', 'config',
  'connect-timeout', 'connect-to', 'continue-at', 'cookie-jar', 'cookie', 'create-file-mode', 'crlfile', 'curves',
  'data-ascii', 'data-binary', 'data-raw', 'data-urlencode', 'data', 'delegation', 'dns-interface', 'dns-ipv4-addr',
  'dns-ipv6-addr', 'dns-servers', 'doh-url', 'dump-header', 'egd-file', 'engine', 'etag-compare', 'etag-save',
  'expect100-timeout', 'form-string', 'form', 'ftp-account', 'ftp-alternative-to-user', 'ftp-method', 'ftp-port',
  'ftp-ssl-ccc-mode', 'happy-eyeballs-timeout-ms', 'header', 'hostpubmd5', 'hostpubsha256', 'hsts', 'interface',
  'json', 'keepalive-time', 'key-type', 'key', 'krb', 'libcurl', 'limit-rate', 'local-port', 'login-options',
  'mail-auth', 'mail-from', 'mail-rcpt', 'max-filesize', 'max-redirs', 'max-time', 'netrc-file', 'noproxy',
  'oauth2-bearer', 'output-dir', 'output', 'parallel-max', 'pass', 'pinnedpubkey', 'preproxy', 'proto-default',
  'proto-redir', 'proto', 'proxy-cacert', 'proxy-capath', 'proxy-cert-type', 'proxy-cert', 'proxy-ciphers',
  'proxy-crlfile', 'proxy-header', 'proxy-key-type', 'proxy-key', 'proxy-pass', 'proxy-pinnedpubkey',
  'proxy-service-name', 'proxy-tls13-ciphers', 'proxy-tlsauthtype', 'proxy-tlspassword', 'proxy-tlsuser',
  'proxy-user', 'proxy', 'pubkey', 'quote', 'random-file', 'range', 'rate', 'referer', 'request-target', 'request',
  'resolve', 'retry-delay', 'retry-max-time', 'retry', 'sasl-authzid', 'service-name', 'socks4', 'socks4a',
  'socks5-gssapi-service', 'socks5-hostname', 'socks5', 'speed-limit', 'speed-time', 'stderr', 'telnet-option',
  'tftp-blksize', 'time-cond', 'tls-max', 'tls13-ciphers', 'tlsauthtype', 'tlspassword', 'tlsuser', 'trace-ascii',
  'trace', 'unix-socket', 'upload-file', 'url-query', 'url', 'user-agent', 'user', 'write-out',
];

/** curl's default pause before its k-th retry (k from 1): 1 s, doubling, at most 10 minutes (man curl, --retry). */
export const CURL_MAX_BACKOFF_SEC = 600;

export interface CurlRetry {
  retries: number;
  /** --retry-delay; 0 or absent means the default backoff. */
  delaySec?: number;
  /** -m/--max-time, per try. */
  maxTimeSec?: number;
  /** --retry-max-time; 0 or absent means no limit. */
  retryMaxTimeSec?: number;
}

/**
 * Upper bound of `curl --retry N`: the pauses between tries (N × delay, or
 * Σ_{k=1..N} min(2^(k-1), 600) for the default backoff) plus (N+1) × --max-time
 * when each try is bounded. --retry-max-time stops new retries after that many
 * seconds, but the try in flight may still run its --max-time: rmt + max-time.
 * Without --max-time the duration of a try is unknown and counts as 0.
 */
export function curlRetryBound(r: CurlRetry): number {
  let pauses = 0;
  if (r.delaySec !== undefined && r.delaySec > 0) pauses = r.retries * r.delaySec;
  else for (let k = 1; k <= r.retries; k++) pauses += Math.min(2 ** (k - 1), CURL_MAX_BACKOFF_SEC);
  const tries = (r.retries + 1) * (r.maxTimeSec ?? 0);
  const byCount = pauses + tries;
  if (r.retryMaxTimeSec === undefined || r.retryMaxTimeSec <= 0) return byCount;
  const byClock = r.retryMaxTimeSec + (r.maxTimeSec ?? 0);
  return r.maxTimeSec === undefined ? byClock : Math.min(byCount, byClock);
}

/** What `argv` (wrappers removed) checks, if it is a probe. `timeoutSec` comes from a `timeout` wrapper. */
export function probeOf(src: SourceText, argv: readonly Word[], span: CommandSpan, timeoutSec?: number): Probe | undefined {
  const p = rawProbe(src, argv, span);
  if (!p || timeoutSec === undefined) return p;
  const tryMaxSec = Math.min(p.tryMaxSec ?? Infinity, timeoutSec);
  const out: Probe = { ...p, tryMaxSec };
  if (p.ownWait) out.ownWait = { boundSec: Math.min(p.ownWait.boundSec ?? Infinity, timeoutSec) };
  return out;
}

function seconds(args: ParsedArgs, ...names: string[]): number | undefined {
  const v = optionValue(args, ...names);
  return v ? parseSeconds(v.value) : undefined;
}

function rawProbe(src: SourceText, argv: readonly Word[], commandSpan: CommandSpan): Probe | undefined {
  const span = (): Span => commandSpanOf(commandSpan);
  const head = argv[0];
  if (!head) return undefined;
  const name = basename(head.value);
  switch (name) {
    case 'curl': {
      const args = scanArgs(src, argv, { short: CURL_SHORT, long: CURL_LONG });
      const url = optionValue(args, '--url') ?? args.positionals[0];
      if (!url) return undefined;
      const maxTimeSec = seconds(args, '-m', '--max-time');
      const retry = optionValue(args, '--retry');
      const retries = retry ? parseInteger(retry.value) : undefined;
      const probe: Probe = { tool: 'curl', endpoint: located(url) };
      if (maxTimeSec !== undefined) probe.tryMaxSec = maxTimeSec;
      if (retry && retries === undefined) probe.ownWait = { boundSec: null };
      if (retries !== undefined && retries > 0) {
        const delaySec = seconds(args, '--retry-delay');
        const retryMaxTimeSec = seconds(args, '--retry-max-time');
        probe.ownWait = {
          boundSec: curlRetryBound({
            retries,
            ...(delaySec !== undefined ? { delaySec } : {}),
            ...(maxTimeSec !== undefined ? { maxTimeSec } : {}),
            ...(retryMaxTimeSec !== undefined ? { retryMaxTimeSec } : {}),
          }),
        };
        // A try that ends after the last retry still ran: the bound covers it.
        probe.tryMaxSec = probe.ownWait.boundSec ?? undefined;
        if (probe.tryMaxSec === undefined) delete probe.tryMaxSec;
      }
      return probe;
    }
    case 'wget': {
      const args = scanArgs(src, argv, { short: 'oOaAeiBPtTwUQDIXRlQ', long: ['output-file', 'output-document', 'append-output', 'execute', 'input-file', 'base', 'tries', 'timeout', 'wait', 'user-agent', 'header', 'post-data', 'post-file', 'method', 'body-data', 'user', 'password', 'ca-certificate', 'certificate', 'private-key', 'directory-prefix', 'waitretry', 'read-timeout', 'connect-timeout', 'dns-timeout', 'bind-address', 'limit-rate', 'quota', 'level', 'accept', 'reject'] });
      const url = args.positionals[0];
      return url ? { tool: 'wget', endpoint: located(url) } : undefined;
    }
    case 'nc':
    case 'ncat':
    case 'netcat': {
      const args = scanArgs(src, argv, { short: 'wipsxXqOITVMmec', long: ['wait', 'source', 'source-port', 'proxy', 'proxy-type', 'exec', 'sh-exec'] });
      const [host, port] = args.positionals;
      if (!host) return undefined;
      const w = seconds(args, '-w', '--wait');
      return { tool: name, endpoint: hostPort(host, port), ...(w !== undefined ? { tryMaxSec: w } : {}) };
    }
    case 'pg_isready':
    case 'mysqladmin':
    case 'redis-cli': {
      // All three: -h/--host HOST, and -p (pg, redis) or -P (mysql) for the port.
      const portFlag = name === 'mysqladmin' ? 'P' : 'p';
      const args = scanArgs(src, argv, { short: `h${portFlag}dUtunau`, long: ['host', 'port', 'dbname', 'username', 'timeout', 'user'] });
      const host = optionValue(args, '-h', '--host');
      const port = optionValue(args, `-${portFlag}`, '--port');
      const endpoint = host ? hostPort(host, port) : { value: port ? `localhost:${port.value}` : 'localhost', span: span() };
      // pg_isready gives up after -t seconds, 3 by default; 0 means never.
      const t = name === 'pg_isready' ? (seconds(args, '-t', '--timeout') ?? 3) : 0;
      return { tool: name, endpoint, ...(t > 0 ? { tryMaxSec: t } : {}) };
    }
    case 'ping': {
      const args = scanArgs(src, argv, { short: 'cisItlwWpQMT' });
      const host = args.positionals[args.positionals.length - 1];
      const w = seconds(args, '-w');
      return host ? { tool: 'ping', endpoint: located(host), ...(w !== undefined ? { tryMaxSec: w } : {}) } : undefined;
    }
    case 'getent': {
      const host = argv[2];
      return argv[1]?.value.startsWith('hosts') || argv[1]?.value.startsWith('ahosts') ? (host ? { tool: 'getent', endpoint: located(host) } : undefined) : undefined;
    }
    case 'docker':
      return { tool: 'docker', endpoint: { value: 'docker', span: span() } };
    case 'systemctl': {
      const args = scanArgs(src, argv, SYSTEMCTL_OPTIONS);
      if (args.positionals[0]?.value !== 'is-active') return undefined;
      const unit = args.positionals[1];
      return unit ? { tool: 'systemctl', endpoint: unitLocated(unit) } : undefined;
    }
    case 'test': {
      const op = argv[1]?.value;
      const file = argv[2];
      return op && FILE_TESTS.has(op) && file && argv.length === 3 ? { tool: 'file', endpoint: located(file) } : undefined;
    }
    case 'wait-for-it':
    case 'wait-for-it.sh':
      return waitForIt(src, argv);
    default:
      return undefined;
  }
}

export const FILE_TESTS = new Set(['-e', '-f', '-d', '-S', '-s', '-p', '-r', '-w', '-x', '-L', '-h', '-b', '-c']);

/** `host` and `port` as one endpoint `host:port`, spanning both words. */
function hostPort(host: Word, port: Word | undefined): ScriptValue {
  if (!port) return located(host);
  const span = { ...host.span, endLine: port.span.endLine, endColumn: port.span.endColumn };
  const out: ScriptValue = { value: `${host.value}:${port.value}`, span };
  // Built from the caller's inputs when each half is literal or is.
  if ((host.from || port.from) && (host.literal || host.from) && (port.literal || port.from)) {
    out.from = [...(host.from ?? [host.value]), ':', ...(port.from ?? [port.value])];
  }
  return out;
}

/** wait-for-it HOST:PORT [-t N] [-- cmd] (also -h/-p, --host=, --timeout=); -t 0 waits forever, default 15 s. */
function waitForIt(src: SourceText, argv: readonly Word[]): Probe | undefined {
  const cut = argv.findIndex((w) => w.value === '--');
  const own = cut >= 0 ? argv.slice(0, cut) : argv;
  const args = scanArgs(src, own, { short: 'hpt', long: ['host', 'port', 'timeout'] });
  const host = optionValue(args, '-h', '--host');
  const port = optionValue(args, '-p', '--port');
  const endpoint = host ? hostPort(host, port) : args.positionals[0] ? located(args.positionals[0]) : undefined;
  if (!endpoint) return undefined;
  const t = seconds(args, '-t', '--timeout');
  const boundSec = t === undefined ? 15 : t === 0 ? null : t;
  return { tool: 'wait-for-it', endpoint, ownWait: { boundSec }, ...(boundSec !== null ? { tryMaxSec: boundSec } : {}) };
}
