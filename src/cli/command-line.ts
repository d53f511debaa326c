// What `mailsim` runs once it knows it is not just asked for its version: the one module the
// build bundles into dist/cli/command-line.cjs (scripts/bundle-cli.mjs), which main.ts loads.
export { processIO } from './io.js';
export { main } from './program.js';
