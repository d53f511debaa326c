#!/usr/bin/env node
import { VERSION } from '../version.js';
import { loadCommandLine } from './load-command-line.js';

// `mailsim run laptop-phone | head`: when the reader goes away, stop quietly instead of crashing
// on EPIPE, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered before the command-line parser loads: scripts ask for it often, and commander alone
  // is half of what it would cost. The same line commander prints.
  process.stdout.write(`${VERSION}\n`);
} else {
  const { processIO, main } = await loadCommandLine(args);
  // The only place that ends the process: the library and commands return exit codes.
  process.exitCode = await main(args, processIO());
}
