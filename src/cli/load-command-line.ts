/**
 * Loads the command line for main.ts. This is the unbundled way (tsc's output, tsx in the tests):
 * plain dynamic imports. The built `mailsim` command replaces this module with
 * load-bundled-command-line.ts, which reads the bundle through a V8 code cache.
 */
export type CommandLine = typeof import('./command-line.js');

/** `args` are the command's arguments; the bundled loader names its code cache after the command. */
export function loadCommandLine(_args: readonly string[]): Promise<CommandLine> {
  return import('./command-line.js');
}
