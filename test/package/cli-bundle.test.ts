import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, copyFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, spawnCli } from '../helpers/cli.js';

/**
 * The `mailsim` command as `npm run build` bundles it (scripts/bundle-cli.mjs), in a directory
 * with only package.json and scenarios/ beside it and no node_modules: it must be self-contained
 * and print exactly what the unbundled CLI prints.
 */
const run = promisify(execFile);
let dir: string;
let cli: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mailsim-bundle-'));
  await run(process.execPath, [path.join(ROOT, 'scripts/bundle-cli.mjs'), path.join(dir, 'dist/cli')], { cwd: ROOT });
  await copyFile(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  await symlink(path.join(ROOT, 'scenarios'), path.join(dir, 'scenarios'), 'dir');
  await mkdir(path.join(dir, 'work'));
  cli = path.join(dir, 'dist/cli/main.js');
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function bundled(args: string[]): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(process.execPath, [cli, ...args], { cwd: path.join(dir, 'work'), env: { ...process.env, NO_COLOR: '1' } });
    return { stdout, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; code: number };
    return { stdout: failed.stdout, code: failed.code };
  }
}

describe('the bundled CLI', () => {
  it('runs laptop-phone byte for byte as the unbundled CLI does', async () => {
    const [ours, reference] = await Promise.all([bundled(['run', 'laptop-phone', '--no-pager']), spawnCli(['run', 'laptop-phone', '--no-pager'])]);
    expect(reference.code).toBe(0);
    expect(ours.code).toBe(0);
    expect(ours.stdout).toBe(reference.stdout);
  }, 60_000);

  it('knows its version, its built-ins and their validity without node_modules', async () => {
    expect((await bundled(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const list = await bundled(['list']);
    expect(list.stdout).toContain('laptop-phone');
    expect((await bundled(['validate', 'laptop-phone', 'gmail-labels'])).code).toBe(0);
    expect((await bundled(['run', 'no-such-scenario'])).code).toBe(2);
  }, 60_000);
});
