#!/usr/bin/env node
import { processIO } from './io.js';
import { main } from './program.js';

// `mailsim run laptop-phone | head`: when the reader goes away, stop quietly instead of crashing
// on EPIPE, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// The only place that ends the process: the library and commands return exit codes.
process.exitCode = await main(process.argv.slice(2), processIO());
