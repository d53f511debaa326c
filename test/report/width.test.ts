import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinNames, builtinPath } from '../../src/cli/builtins.js';
import { renderExplain } from '../../src/report/explain.js';
import { makeStyle } from '../../src/report/style.js';
import { renderRun } from '../../src/report/text.js';
import { loadScenarioFile } from '../../src/scenario/loader.js';
import type { RunResult } from '../../src/scenario/result.js';
import { runScenario } from '../../src/scenario/runner.js';
import { main } from '../../src/cli/program.js';
import { ROOT, runCli } from '../helpers/cli.js';

const WIDTHS = [60, 80, 100, 160];
const tooWide = (text: string, width: number): string[] => text.split('\n').filter((line) => stringWidth(line) > width);

describe('every built-in fits the width it is laid out for', () => {
  const results = new Map<string, RunResult>();
  beforeAll(async () => {
    // One run each; the report is a pure function of the result and the width.
    for (const name of builtinNames()) results.set(name, await runScenario(await loadScenarioFile(builtinPath(name), `scenarios/${name}.yaml`)));
  }, 60_000);

  for (const width of WIDTHS) {
    it(`at ${width} columns, in colour and without, report and --explain`, () => {
      for (const [name, result] of results) {
        for (const color of [false, true]) {
          const style = makeStyle(color, width);
          expect(tooWide(renderRun(result, { style }), width), `${name} at ${width}`).toEqual([]);
          const subject = result.variants[0]!.delivered[0]?.subject;
          if (subject !== undefined) expect(tooWide(renderExplain(result, subject, style), width), `${name} --explain at ${width}`).toEqual([]);
        }
        // The same width gives the same bytes.
        expect(renderRun(result, { style: makeStyle(false, width) })).toBe(renderRun(result, { style: makeStyle(false, width) }));
      }
    });
  }
});

describe('the width the CLI chooses', () => {
  it('COLUMNS=80 mailsim run laptop-phone has no line wider than 80', async () => {
    const run = await runCli(['run', 'laptop-phone'], { env: { COLUMNS: '80' } });
    expect(run.code).toBe(0);
    expect(tooWide(run.stdout, 80)).toEqual([]);
    expect(tooWide(run.stdout, 79).length).toBeGreaterThan(0);
  });

  it('is --width, else the terminal\'s columns, else COLUMNS, else 100', async () => {
    const widest = (text: string): number => Math.max(...text.split('\n').map((l) => stringWidth(l)));
    const onTerminal = async (args: string[], columns: number, env: NodeJS.ProcessEnv): Promise<string> => {
      let stdout = '';
      await main(args, { stdout: { write: (t: string) => (stdout += t), isTTY: true, columns }, stderr: { write: () => true }, env: { NO_COLOR: '1', ...env }, cwd: ROOT });
      return stdout;
    };
    const byDefault = widest((await runCli(['run', 'laptop-phone'])).stdout);
    expect(byDefault).toBeLessThanOrEqual(100);
    expect(byDefault).toBeGreaterThan(90);
    expect(widest((await runCli(['run', 'laptop-phone'], { env: { COLUMNS: '72' } })).stdout)).toBeLessThanOrEqual(72);
    expect(widest((await runCli(['run', 'laptop-phone', '--width', '64'], { env: { COLUMNS: '72' } })).stdout)).toBeLessThanOrEqual(64);
    expect(widest(await onTerminal(['run', 'laptop-phone', '--no-pager'], 70, { COLUMNS: '150' }))).toBeLessThanOrEqual(70);
    expect(widest(await onTerminal(['run', 'laptop-phone', '--no-pager', '--width', '90'], 70, {}))).toBeLessThanOrEqual(90);
    expect((await runCli(['run', 'laptop-phone', '--width', 'wide'])).stderr).toBe('mailsim: --width takes a whole number, got "wide"\n');
  });

  it('lays --help of every command out for 80 columns', async () => {
    for (const command of [[], ['run'], ['list'], ['validate'], ['init'], ['schema'], ['serve']]) {
      const help = await runCli([...command, '--help']);
      expect(help.code).toBe(0);
      expect(tooWide(help.stdout, 80), `mailsim ${command.join(' ')} --help`).toEqual([]);
    }
  });

  it('lays list out for the width, descriptions wrapping under themselves', async () => {
    const list = await runCli(['list'], { env: { COLUMNS: '60' } });
    expect(tooWide(list.stdout, 60)).toEqual([]);
    expect(list.stdout).toMatch(/^laptop-phone {2,}A laptop and a phone check one\n {20,}account/m);
  });
});
