/**
 * Replays a Dockerfile without Docker (no daemon and no image registry here):
 * each stage gets an empty folder standing for its root file system; COPY
 * copies exactly the named sources from the build context (or, with
 * --from=STAGE, from that stage's folder); RUN runs in the stage's WORKDIR
 * with its ENV, absolute paths in the command moved under the stage's folder.
 * What it cannot reproduce is the base image itself: the host's node and npm
 * stand in for node:20-slim's.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';

export interface Instruction {
  op: string;
  args: string;
}

/** Instructions in order: comments dropped, `\` continuations joined. */
export function parseDockerfile(text: string): Instruction[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^(\S+)\s+(.*)$/.exec(l)!;
      return { op: m[1]!.toUpperCase(), args: m[2]!.trim() };
    });
}

export interface Stage {
  name: string;
  root: string;
  workdir: string;
  env: Record<string, string>;
  entrypoint?: string[];
}

export interface Replay {
  stages: Stage[];
  /** Each RUN with its exit code and output, for failure messages. */
  log: string[];
}

export function replayDockerfile(dockerfile: string, context: string): Replay {
  const base = mkdtempSync(join(tmpdir(), 'deploy-lint-docker-'));
  const stages: Stage[] = [];
  const log: string[] = [];
  let stage: Stage | undefined;
  const inStage = (s: Stage, p: string) => join(s.root, posix.isAbsolute(p) ? p : posix.join(s.workdir, p));
  for (const { op, args } of parseDockerfile(readFileSync(dockerfile, 'utf8'))) {
    if (op === 'FROM') {
      const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? String(stages.length);
      stage = { name, root: join(base, `stage-${stages.length}`), workdir: '/', env: {} };
      mkdirSync(stage.root, { recursive: true });
      stages.push(stage);
      continue;
    }
    if (!stage) throw new Error(`${op} before FROM`);
    if (op === 'WORKDIR') {
      stage.workdir = posix.resolve(stage.workdir, args);
      mkdirSync(inStage(stage, '.'), { recursive: true });
    } else if (op === 'ENV') {
      const m = /^(\S+?)[= ](.*)$/.exec(args)!;
      stage.env[m[1]!] = m[2]!;
    } else if (op === 'COPY') {
      const words = args.split(/\s+/);
      const from = words[0]!.startsWith('--from=') ? stages.find((s) => s.name === words.shift()!.slice('--from='.length)) : undefined;
      const dest = words.pop()!;
      for (const src of words) {
        const source = from ? inStage(from, src) : join(context, src);
        const intoDir = dest.endsWith('/') || words.length > 1 || (statSync(source).isFile() && dest === '.');
        const target = intoDir ? join(inStage(stage, dest), posix.basename(src)) : inStage(stage, dest);
        mkdirSync(dirname(target), { recursive: true });
        cpSync(source, target, { recursive: true });
      }
    } else if (op === 'RUN') {
      // Absolute paths name the image's file system: here, the stage's folder.
      const command = args.replace(/(^|\s)\/(?=[A-Za-z])/g, `$1${stage.root}/`);
      for (const m of command.matchAll(new RegExp(`${stage.root}(/\\S+)`, 'g'))) mkdirSync(dirname(join(stage.root, m[1]!)), { recursive: true });
      // npm's cache and HOME inside the stage too: `npm cache clean` must not touch the machine's.
      const home = join(stage.root, 'root');
      const env = { ...process.env, HOME: home, npm_config_cache: join(home, '.npm'), ...stage.env };
      const r = spawnSync('sh', ['-c', command], { cwd: inStage(stage, '.'), env, encoding: 'utf8', timeout: 600_000 });
      log.push(`[${stage.name}] RUN ${args} → exit ${r.status}\n${r.stdout}${r.stderr}`);
      if (r.status !== 0) throw new Error(`Dockerfile stage ${stage.name}: RUN ${args} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    } else if (op === 'ENTRYPOINT') {
      stage.entrypoint = JSON.parse(args) as string[];
    } else {
      throw new Error(`the replay does not know ${op}: teach test/helpers/dockerfile-replay.ts`);
    }
  }
  return { stages, log };
}
