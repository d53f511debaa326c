import { describe, expect, it } from 'vitest';
import { builtinPath } from '../../../src/cli/builtins.js';
import { RunRecorder, type VariantRecording } from '../../../src/report/html/recorder.js';
import { loadScenarioFile } from '../../../src/scenario/loader.js';
import { runScenario } from '../../../src/scenario/runner.js';
import type { WireEvent } from '../../../src/protocol/transcript.js';

async function record(name: string, alsoOnWire?: (variant: string, device: string, event: WireEvent, at: number) => void): Promise<Map<string, VariantRecording>> {
  const scenario = await loadScenarioFile(builtinPath(name), name);
  const recorder = new RunRecorder();
  const result = await runScenario(scenario, recorder.listeners(alsoOnWire));
  return new Map(result.variants.map((v) => [v.name, recorder.variant(v.name, v.devices.map((d) => d.name))]));
}

const said = (recording: VariantRecording, device: string, step: number | null): string[] =>
  recording.exchanges.filter((e) => e.device === device && e.step === step).map((e) => `${e.from === 'client' ? '' : '<= '}${e.command}${e.result ? ` → ${e.result}` : ''}`);

describe('RunRecorder', () => {
  it('puts each exchange in the step it happened in (laptop-phone, POP3: the laptop takes everything at "sync laptop")', async () => {
    const pop3 = (await record('laptop-phone')).get('pop3')!;
    const syncLaptop = pop3.frames.findIndex((f) => f.step?.text === 'sync laptop') - 1;
    expect(said(pop3, 'laptop', syncLaptop).slice(1)).toEqual([
      'USER alice@example.com → +OK',
      'PASS ******** → logged in, 3 messages',
      'UIDL → 3 ids',
      'RETR 1 → 476 B',
      'DELE 1 → marked for deletion',
      'RETR 2 → 486 B',
      'DELE 2 → marked for deletion',
      'RETR 3 → 497 B',
      'DELE 3 → marked for deletion',
      'QUIT → 3 deleted',
    ]);
    const syncPhone = pop3.frames.findIndex((f) => f.step?.text === 'sync phone') - 1;
    expect(said(pop3, 'phone', syncPhone)).toContain('PASS ******** → logged in, 0 messages');
    expect(pop3.exchanges.filter((e) => e.effect === 'change').map((e) => `${e.device} ${e.command}`)).toEqual(['laptop QUIT']);
  });

  it('keeps what the server pushes during IDLE, in the step whose delivery caused it (IMAP phone)', async () => {
    const imap = (await record('laptop-phone')).get('imap')!;
    expect(said(imap, 'phone', null)).toContain('SELECT INBOX → 0 messages');
    const firstDelivery = imap.frames.findIndex((f) => f.step?.text === 'deliver "Dinner on Friday?"') - 1;
    expect(said(imap, 'phone', firstDelivery)).toEqual(expect.arrayContaining(['<= * 1 EXISTS', 'UID FETCH 1:* (UID FLAGS BODY.PEEK[] EMAILID MODSEQ) → 1 message, 476 B']));
    const read = imap.frames.findIndex((f) => f.step?.kind === 'read') - 1;
    expect(said(imap, 'laptop', read)).toEqual(['UID STORE 1 +FLAGS (\\Seen) → 1 message updated']);
    expect(said(imap, 'phone', read)).toContain('<= * 1 FETCH (flags)');
    expect(imap.exchanges.filter((e) => e.effect === 'change').map((e) => `${e.device} ${e.command}`)).toEqual(['laptop UID STORE 1 +FLAGS (\\Seen)', 'phone UID MOVE 3 Trash']);
  });

  it('passes every line on to another listener (--trace); records up to the last step, the same every run', async () => {
    const forwarded: string[] = [];
    const first = await record('laptop-phone', (variant, device, event) => forwarded.push(`${variant} ${device} ${event.direction}: ${event.text}`));
    const second = await record('laptop-phone');
    const recorded = [...first].flatMap(([variant, r]) => r.exchanges.flatMap((e) => e.lines.map((l) => `${variant} ${e.device} ${l}`)));
    // Every recorded line was forwarded; what was forwarded and not recorded is the devices
    // disconnecting after the last step (ending IDLE, LOGOUT), whose answers race the server's close.
    const left = [...forwarded];
    for (const line of recorded) {
      const at = left.indexOf(line);
      expect(at, line).toBeGreaterThanOrEqual(0);
      left.splice(at, 1);
    }
    expect(left.some((l) => l.includes('LOGOUT'))).toBe(true);
    expect(left.filter((l) => !/ (LOGOUT|DONE)$|: \* BYE|: \+ idling$|OK (LOGOUT completed|IDLE terminated)$/.test(l))).toEqual([]);
    expect(JSON.stringify([...first])).toBe(JSON.stringify([...second]));
  });
});
