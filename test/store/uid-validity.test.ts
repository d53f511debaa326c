/**
 * UIDVALIDITY never repeats across server starts (issue 11, defect 13): two servers started in one
 * second used to hand out the same values with different mail behind them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { MailStore } from '../../src/store/store.js';
import { UIDVALIDITY_TICK_MS, uidValidityTick } from '../../src/store/uid-validity.js';

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const at = (ms: number) => ({ now: () => ms });

/** The UIDVALIDITY of every mailbox of a fresh account, as a server started at `ms` hands out. */
function validities(ms: number): number[] {
  const store = new MailStore(at(ms));
  return store.addAccount('alice@example.com', 'x').mailboxes().map((box) => box.uidValidity);
}

let servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

describe('UIDVALIDITY', () => {
  it('is greater after a restart within the same second (a new process: a new store)', () => {
    const first = validities(T0 + 100);
    const second = validities(T0 + 100 + UIDVALIDITY_TICK_MS);
    expect(Math.floor((T0 + 100) / 1000)).toBe(Math.floor((T0 + 100 + UIDVALIDITY_TICK_MS) / 1000));
    expect(Math.min(...second)).toBeGreaterThan(Math.max(...first));
  });

  it('does not run ahead of the clock when many mailboxes are created at once', () => {
    // Six mailboxes at one instant share the instant's value; the next start is greater still.
    expect(new Set(validities(T0))).toEqual(new Set([uidValidityTick(T0)]));
  });

  it('is new for a name created again in the same instant', () => {
    const store = new MailStore(at(T0));
    const alice = store.addAccount('alice@example.com', 'x');
    const first = alice.createMailbox('Work').uidValidity;
    alice.deleteMailbox('Work', { label: 'test' });
    expect(alice.createMailbox('Work').uidValidity).toBe(first + 1);
  });

  it('differs between two servers of one process started at the same instant', async () => {
    for (let i = 0; i < 2; i++) servers.push(await startServer({ clock: at(T0), users: [{ user: 'alice', password: 'x' }], ports: { pop3: false, smtp: false } }));
    const [a, b] = servers.map((server) => server.mailboxes('alice').find((box) => box.name === 'INBOX')!.uidValidity);
    expect(b).toBeGreaterThan(a!);
  });

  it('stays a 32-bit nz-number for any clock', () => {
    expect(uidValidityTick(0)).toBe(1);
    expect(uidValidityTick(Date.UTC(2054, 0, 1))).toBeLessThanOrEqual(0xffff_ffff);
    expect(uidValidityTick(Date.UTC(2200, 0, 1))).toBe(0xffff_ffff);
  });
});
