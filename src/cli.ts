/**
 * The command line. Exit codes: 0 no errors, 1 errors found, 2 usage error or
 * internal failure (with a one-line message, never a stack trace unless
 * DEPLOY_LINT_DEBUG is set).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { lint } from './lint.js';
import { packageRoot } from './package-root.js';
import { REPORTERS } from './report/index.js';
import { explainRule, listRules } from './explain.js';

export class UsageError extends Error {}

function toolVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** NO_COLOR and FORCE_COLOR (https://no-color.org, https://force-color.org), then --color, then the TTY. */
export function useColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}

function sourceLineReader(): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | null>();
  return (file, line) => {
    if (!cache.has(file)) {
      try {
        const text = readFileSync(resolve(file), 'utf8');
        cache.set(file, text.length > 8 * 1024 * 1024 ? null : text.split(/\r?\n/));
      } catch {
        cache.set(file, null);
      }
    }
    return cache.get(file)?.[line - 1];
  };
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const parser = yargs(argv)
    .scriptName('deploy-lint')
    .usage('$0 [paths..]  lint the deploy graph of these files and folders (default: .)')
    .command(
      '$0 [paths..]',
      'lint the deploy graph',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, default: ['.'] })
          .option('format', { alias: 'f', type: 'string', default: 'stylish', describe: `output format: ${Object.keys(REPORTERS).join(', ')}` })
          .option('color', { type: 'boolean', describe: 'force colours on or off (default: on for a terminal; NO_COLOR/FORCE_COLOR honoured)' })
          .option('ignore', { type: 'string', array: true, describe: 'glob of paths to skip (repeatable)' })
          .option('default-target', { type: 'string', describe: 'the target a cold boot starts (default multi-user.target)' })
          .option('host', { type: 'string', describe: 'lint only this host of a multi-host repo' }),
      async (args) => {
        const reporter = REPORTERS[args.format];
        if (!reporter) throw new UsageError(`unknown --format '${args.format}'; expected one of ${Object.keys(REPORTERS).join(', ')}`);
        const result = await lint({
          paths: args.paths,
          ignore: args.ignore,
          defaultTarget: args['default-target'],
          host: args.host,
        });
        const out = reporter({
          diagnostics: result.diagnostics,
          fileCount: result.files.length,
          toolVersion: toolVersion(),
          sourceLine: sourceLineReader(),
          color: useColor(args.color, process.env, Boolean(process.stdout.isTTY)),
        });
        process.stdout.write(out);
        exitCode = result.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
      },
    )
    .command('rules', 'list every rule with its default severity', {}, () => {
      process.stdout.write(listRules());
    })
    .command(
      'explain <rule>',
      "print a rule's documentation",
      (y) => y.positional('rule', { type: 'string', demandOption: true }),
      (args) => {
        const text = explainRule(args.rule);
        if (!text) throw new UsageError(`unknown rule '${args.rule}'; \`deploy-lint rules\` lists them`);
        process.stdout.write(text);
      },
    )
    .strict()
    .version(toolVersion())
    .help()
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
  await parser.parseAsync();
  return exitCode;
}

try {
  process.exitCode = await main(hideBin(process.argv));
} catch (e) {
  const err = e as Error;
  const usage = err instanceof UsageError || err.name === 'YError';
  process.stderr.write(`deploy-lint: ${usage ? '' : 'internal error: '}${err.message}\n`);
  if (process.env.DEPLOY_LINT_DEBUG) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 2;
}
