import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinNames, builtinPath } from '../../src/cli/builtins.js';
import { loadScenarioKept } from '../../src/cli/scenario-cache.js';
import { ScenarioError } from '../../src/scenario/diagnostics.js';
import { loadScenarioFile } from '../../src/scenario/loader.js';
import type { Scenario } from '../../src/scenario/types.js';

let dir: string;
let cache: { dir: string; key: string };

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mailsim-scenario-cache-'));
  cache = { dir: path.join(dir, 'cache'), key: 'build-1' };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const keptFiles = async (): Promise<string[]> => (await readdir(cache.dir).catch(() => [])).filter((f) => f.startsWith('scenario-')).sort();

/** The kept file's scenario, changed by `edit` and written back with a digest that matches. */
async function rewriteKept(file: string, edit: (scenario: Scenario) => Scenario): Promise<void> {
  const data = await readFile(file);
  const body = serialize(edit(deserialize(data.subarray(32)) as Scenario));
  await writeFile(file, Buffer.concat([createHash('sha256').update(body).digest(), body]));
}

describe('built-in scenarios kept parsed between runs', () => {
  it('every built-in reads back as exactly what the loader makes, the steps its Maps are keyed by included', async () => {
    for (const name of builtinNames()) {
      const display = `scenarios/${name}.yaml`;
      const parsed = await loadScenarioFile(builtinPath(name), display);
      const first = await loadScenarioKept(builtinPath(name), display, true, cache);
      const second = await loadScenarioKept(builtinPath(name), display, true, cache);
      expect(isDeepStrictEqual(first, parsed), name).toBe(true);
      expect(isDeepStrictEqual(second, parsed), name).toBe(true);
      for (const variant of second.variants) {
        for (const step of variant.settingsAfter.keys()) expect(variant.steps.includes(step), name).toBe(true);
      }
    }
    expect((await keptFiles()).length).toBe(builtinNames().length);
  });

  it('is what a run reads: a kept scenario is used as it is, and a damaged one is parsed again and replaced', async () => {
    const file = builtinPath('laptop-phone');
    await loadScenarioKept(file, 'scenarios/laptop-phone.yaml', true, cache);
    const [kept] = await keptFiles();
    await rewriteKept(path.join(cache.dir, kept!), (s) => ({ ...s, name: 'read from the cache' }));
    expect((await loadScenarioKept(file, 'scenarios/laptop-phone.yaml', true, cache)).name).toBe('read from the cache');

    const good = await readFile(path.join(cache.dir, kept!));
    const damaged = Buffer.from(good);
    damaged[damaged.length - 1]! ^= 0xff;
    for (const bad of [damaged, good.subarray(0, 40), Buffer.alloc(0)]) {
      await writeFile(path.join(cache.dir, kept!), bad);
      expect((await loadScenarioKept(file, 'scenarios/laptop-phone.yaml', true, cache)).name).toBe('laptop-phone');
      expect(await keptFiles()).toEqual([kept]);
      expect((await readFile(path.join(cache.dir, kept!))).length).toBeGreaterThan(1000);
    }
  });

  it('is named by its text, the name errors give it and the build: an edit, another name or another build is parsed anew', async () => {
    const file = path.join(dir, 'laptop-phone.yaml');
    await copyFile(builtinPath('laptop-phone'), file);
    const first = await loadScenarioKept(file, 'scenarios/laptop-phone.yaml', true, cache);
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^name: .*$/m, 'name: edited'));
    expect((await readFile(file, 'utf8')).includes('name: edited')).toBe(true);
    const edited = await loadScenarioKept(file, 'scenarios/laptop-phone.yaml', true, cache);
    expect([first.name, edited.name]).toEqual(['laptop-phone', 'edited']);
    expect((await loadScenarioKept(file, 'other.yaml', true, cache)).file).toBe('other.yaml');
    await loadScenarioKept(file, 'other.yaml', true, { ...cache, key: 'build-2' });
    expect((await keptFiles()).length).toBe(4);
  });

  it('keeps nothing for a scenario file of the user, without a cache directory, or for one that reads a message file', async () => {
    await loadScenarioKept(builtinPath('laptop-phone'), 'scenarios/laptop-phone.yaml', false, cache);
    await loadScenarioKept(builtinPath('laptop-phone'), 'scenarios/laptop-phone.yaml', true, undefined);
    const withFile = path.join(dir, 'with-file.yaml');
    await writeFile(path.join(dir, 'note.eml'), 'Subject: From a file\r\nMessage-ID: <f@example.com>\r\n\r\nhi\r\n');
    await writeFile(withFile, ['accounts:', '  alice@example.com: {}', 'devices:', '  phone: { protocol: imap }', 'steps:', '  - deliver: { file: note.eml }', '  - sync: all', ''].join('\n'));
    const scenario = await loadScenarioKept(withFile, 'with-file.yaml', true, cache);
    expect(scenario.steps[0]!.kind).toBe('deliver');
    expect(await keptFiles()).toEqual([]);
  });

  it('keeps a message given inline (raw) as the bytes it is', async () => {
    const file = path.join(dir, 'raw.yaml');
    await writeFile(file, ['accounts:', '  alice@example.com: {}', 'devices:', '  phone: { protocol: imap }', 'steps:', '  - deliver: { raw: "Subject: Inline\\nMessage-ID: <r@example.com>\\n\\nhi\\n" }', '  - sync: all', ''].join('\n'));
    const parsed = await loadScenarioFile(file, 'raw.yaml');
    await loadScenarioKept(file, 'raw.yaml', true, cache);
    const kept = await loadScenarioKept(file, 'raw.yaml', true, cache);
    expect(await keptFiles()).toHaveLength(1);
    expect(isDeepStrictEqual(kept, parsed)).toBe(true);
    const step = kept.steps[0]!;
    expect(step.kind === 'deliver' && Buffer.isBuffer(step.args.loaded)).toBe(true);
  });

  it('reports a broken scenario as the loader does, and keeps nothing of it', async () => {
    const file = path.join(dir, 'broken.yaml');
    await writeFile(file, 'accounts: [\n');
    const error = await loadScenarioKept(file, 'broken.yaml', true, cache).catch((e: unknown) => e);
    const reference = await loadScenarioFile(file, 'broken.yaml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).message).toBe((reference as ScenarioError).message);
    const missing = await loadScenarioKept(path.join(dir, 'missing.yaml'), 'missing.yaml', true, cache).catch((e: unknown) => e);
    expect((missing as ScenarioError).message).toMatch(/no such file/);
    expect(await keptFiles()).toEqual([]);
  });
});
