/** `deploy-lint lsp`: the language server over stdin/stdout (src/lsp/). Runs until the client says exit. */
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';

export const lspCommand: Command = (y, run) =>
  y.command('lsp', 'run the language server over stdio, for editors (see README "Editors")', {}, async () => {
    const { stdin, stdout } = run.io;
    if (!stdin || !('on' in stdout)) throw new UsageError('lsp needs standard input and output streams');
    // Loaded only here: a lint run never pays for the LSP library.
    const { startServer } = await import('../../lsp/server.js');
    await startServer({ input: stdin, output: stdout as NodeJS.WritableStream });
  });
