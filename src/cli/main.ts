#!/usr/bin/env node
import { processIO } from './io.js';
import { main } from './program.js';

// The only place that ends the process: the library and commands return exit codes.
process.exitCode = await main(process.argv.slice(2), processIO());
