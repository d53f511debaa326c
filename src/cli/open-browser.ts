import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { CliIO } from './io.js';

/**
 * How to hand a file to the user's browser: $BROWSER when set (the convention of Python's
 * webbrowser module and many CLIs; "%s" stands for the file), else the desktop's opener. On Linux
 * without a display (a server, CI, SSH) there is nothing to open it in.
 */
export function browserCommand(file: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): { command: string; args: string[] } | { none: string } {
  const browser = env.BROWSER?.split(platform === 'win32' ? ';' : ':').find((b) => b.trim() !== '');
  if (browser) {
    const words = browser.trim().split(/\s+/);
    const args = words.slice(1);
    return { command: words[0]!, args: args.some((a) => a.includes('%s')) ? args.map((a) => a.replaceAll('%s', file)) : [...args, file] };
  }
  if (platform === 'darwin') return { command: 'open', args: [file] };
  // "start" is a cmd built-in; its first quoted argument is a window title.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', file] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { none: 'no display here (DISPLAY and WAYLAND_DISPLAY are unset)' };
  return { command: 'xdg-open', args: [file] };
}

/**
 * Starts the browser on `file` and returns once it started (never waits for it to close). When
 * there is no browser to start, says where the file is so the user can open it.
 */
export async function openInBrowser(file: string, io: CliIO, platform: NodeJS.Platform = process.platform): Promise<void> {
  const how = browserCommand(file, io.env, platform);
  const tellWhere = (why: string): void => {
    io.stderr.write(`mailsim: could not open the report in a browser: ${why}\n  open it yourself: ${pathToFileURL(file).href}\n`);
  };
  if ('none' in how) return tellWhere(how.none);
  await new Promise<void>((resolve) => {
    const child = spawn(how.command, how.args, { detached: true, stdio: 'ignore', env: io.env });
    child.once('error', (error: NodeJS.ErrnoException) => {
      tellWhere(error.code === 'ENOENT' ? `${how.command} is not installed` : error.message);
      resolve();
    });
    child.once('spawn', () => {
      // The browser lives on after we exit.
      child.unref();
      resolve();
    });
  });
}
