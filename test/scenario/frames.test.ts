import { describe, expect, it } from 'vitest';
import { builtinPath } from '../../src/cli/builtins.js';
import { describeStep, type Frame } from '../../src/scenario/frames.js';
import { loadScenarioFile } from '../../src/scenario/loader.js';
import { runScenario } from '../../src/scenario/runner.js';

async function framesOf(name: string): Promise<Map<string, Frame[]>> {
  const scenario = await loadScenarioFile(builtinPath(name), name);
  const frames = new Map<string, Frame[]>();
  await runScenario(scenario, { onFrame: (variant, frame) => frames.set(variant, [...(frames.get(variant) ?? []), frame]) });
  return frames;
}

const inbox = (frame: Frame, device: string): string[] =>
  frame.devices.find((d) => d.name === device)!.folders.find((f) => f.name === 'INBOX')!.messages.map((m) => `${m.subject}${m.seen ? ' (read)' : ''}`);
const server = (frame: Frame, mailbox: string): string[] => frame.server[0]!.mailboxes.find((b) => b.name === mailbox)!.messages.map((m) => `${m.uid} ${m.subject} ${m.flags.join(' ')}`.trim());

describe('frames', () => {
  it('are taken after the devices start and after every step, with the step they follow', async () => {
    const frames = (await framesOf('laptop-phone')).get('pop3')!;
    expect(frames).toHaveLength(16);
    expect(frames[0]!.step).toBeNull();
    expect(frames.slice(1).map((f) => f.step!.index)).toEqual([...Array(15).keys()]);
    expect(frames.map((f) => f.step?.text ?? 'start').slice(6, 9)).toEqual([
      "At her desk, Alice checks mail on her laptop and reads Bob's message.",
      'sync laptop',
      'read "Dinner on Friday?" on laptop',
    ]);
    expect(frames[7]!.step).toMatchObject({ kind: 'sync', line: expect.any(Number) });
    // Times and event counts only grow.
    expect(frames.map((f) => f.at)).toEqual([...frames.map((f) => f.at)].sort((a, b) => a - b));
    expect(frames.map((f) => f.events)).toEqual([...frames.map((f) => f.events)].sort((a, b) => a - b));
  });

  it('hold every device and the server as they were then, not as they ended', async () => {
    const frames = (await framesOf('laptop-phone')).get('pop3')!;
    const [afterDeliveries, afterSync, afterRead] = [frames[4]!, frames[7]!, frames[8]!];
    expect(inbox(afterDeliveries, 'laptop')).toEqual([]);
    expect(server(afterDeliveries, 'INBOX')).toEqual(['1 Dinner on Friday?', '2 Slides for Monday', '3 Your statement is ready']);
    expect(inbox(afterSync, 'laptop')).toEqual(['Dinner on Friday?', 'Slides for Monday', 'Your statement is ready']);
    expect(server(afterSync, 'INBOX')).toEqual([]);
    expect(inbox(afterRead, 'laptop')[0]).toBe('Dinner on Friday? (read)');
    expect(inbox(afterSync, 'laptop')[0]).toBe('Dinner on Friday?');
  });

  it('copy the server flags of the moment (IMAP: \\Seen arrives with the laptop\'s STORE)', async () => {
    const frames = (await framesOf('laptop-phone')).get('imap')!;
    expect(server(frames[7]!, 'INBOX')[0]).toBe('1 Dinner on Friday?');
    expect(server(frames[8]!, 'INBOX')[0]).toBe('1 Dinner on Friday? \\Seen');
    expect(inbox(frames[8]!, 'phone')[0]).toBe('Dinner on Friday? (read)');
    expect(server(frames[12]!, 'Trash')).toEqual(['1 Your statement is ready']);
  });
});

describe('describeStep', () => {
  it('says each kind of step in a few words', () => {
    const line = 1;
    const path = ['steps', 0];
    expect(describeStep({ kind: 'deliver', args: { subject: 'Hi' }, line, path })).toBe('deliver "Hi"');
    expect(describeStep({ kind: 'deliver', args: { subject: 'News', count: 3, to: 'bob@example.com' }, line, path })).toBe('deliver 3 messages ("News (1)" …) to bob@example.com');
    expect(describeStep({ kind: 'sync', args: ['laptop', 'phone'], line, path })).toBe('sync laptop, phone');
    expect(describeStep({ kind: 'flag', args: { device: 'phone', message: 2 }, line, path })).toBe('flag message 2 on phone');
    expect(describeStep({ kind: 'delete', args: { device: 'phone', message: '*', folder: 'Archive' }, line, path })).toBe('delete every message on phone (Archive)');
    expect(describeStep({ kind: 'move', args: { device: 'laptop', message: 'Hi', to: 'Archive' }, line, path })).toBe('move "Hi" to Archive on laptop');
    expect(describeStep({ kind: 'advance', args: '3d', line, path })).toBe('3d passes');
    expect(describeStep({ kind: 'offline', args: 'phone', line, path })).toBe('phone goes offline');
    expect(describeStep({ kind: 'online', args: 'phone', line, path })).toBe('phone comes back online');
    expect(describeStep({ kind: 'sync', args: { device: 'phone', folder: 'Archive' }, line, path })).toBe('open Archive on phone');
    expect(describeStep({ kind: 'send', args: { device: 'phone', to: 'bob@example.com', subject: 'Hi' }, line, path })).toBe('send "Hi" from phone');
    expect(describeStep({ kind: 'wait', args: undefined, line, path, at: 0 })).toBe('time passes');
  });
});
