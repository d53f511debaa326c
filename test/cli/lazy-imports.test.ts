import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** Packages a command imports, following the static (non-type) imports of src/ from `entry`, with one path to each. */
function packagesReached(entry: string): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const via = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const source = fs.readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      if (!spec!.startsWith('.')) {
        if (!spec!.startsWith('node:') && !reached.has(spec!)) reached.set(spec!, [...via.get(file)!, spec!]);
        continue;
      }
      const next = path.resolve(path.dirname(file), spec!).replace(/\.js$/, '.ts');
      if (via.has(next) || !fs.existsSync(next)) continue;
      via.set(next, [...via.get(file)!, next]);
      queue.push(next);
    }
  }
  return reached;
}

/** What a scenario run needs and these commands never do; each costs start-up time to load. */
const PROTOCOL_LIBRARIES = /^(imapflow|postal-mime|asn1js|nodemailer(?!\/lib\/addressparser$))/;

describe('commands that run nothing load no protocol library (start-up stays short)', () => {
  for (const command of ['validate', 'list', 'schema', 'init']) {
    it(command, () => {
      const offending = [...packagesReached(path.join(SRC, 'cli/commands', `${command}.ts`))].filter(([name]) => PROTOCOL_LIBRARIES.test(name));
      expect(offending.map(([, chain]) => chain.map((f) => path.relative(SRC, f)).join(' -> '))).toEqual([]);
    });
  }

  it('run reaches neither zod, the YAML parser nor nodemailer\'s transports: a built-in kept parsed needs none of them, nor does a scenario that sends nothing', () => {
    const reached = packagesReached(path.join(SRC, 'cli/commands/run.ts'));
    const offending = [...reached].filter(([name]) => /^(zod|yaml|nodemailer)$/.test(name));
    expect(offending.map(([, chain]) => chain.map((f) => path.relative(SRC, f)).join(' -> '))).toEqual([]);
    // Those are loaded when needed: the loader for a scenario that must be parsed, nodemailer by the first message a device sends.
    expect(fs.readFileSync(path.join(SRC, 'cli/scenario-cache.ts'), 'utf8')).toContain("import('../scenario/loader.js')");
    expect(fs.readFileSync(path.join(SRC, 'devices/submission.ts'), 'utf8')).toContain("await import('nodemailer')");
  });

  it('while run does reach them (the walk follows real imports)', () => {
    const reached = packagesReached(path.join(SRC, 'cli/commands/run.ts'));
    expect([...reached.keys()].filter((name) => PROTOCOL_LIBRARIES.test(name)).sort()).toEqual(expect.arrayContaining(['asn1js', 'imapflow', 'postal-mime']));
  });
});
