import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../../src/devices/events.js';
import { ImapDevice } from '../../../src/devices/imap/device.js';
import { resolveSettings } from '../../../src/devices/profiles/resolve.js';
import type { ImapDeviceSettings } from '../../../src/devices/settings.js';
import { MailServer } from '../../../src/server/mail-server.js';
import { VirtualClock } from '../../../src/sim/clock.js';
import { MailStore } from '../../../src/store/index.js';

/** A TCP relay between device and server whose connections the test can cut, like a lost network. */
class Relay {
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  private readonly server = net.createServer((inbound) => {
    const outbound = net.connect(this.target, '127.0.0.1');
    const pair: [net.Socket, net.Socket] = [inbound, outbound];
    this.pairs.add(pair);
    inbound.on('error', () => undefined);
    outbound.on('error', () => undefined);
    inbound.pipe(outbound).pipe(inbound);
    inbound.once('close', () => this.pairs.delete(pair));
  });

  constructor(private readonly target: number) {}

  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as net.AddressInfo).port)));
  }

  /** Resets every relayed connection and resolves when both ends have closed. */
  async cut(): Promise<void> {
    const closed = [...this.pairs].flatMap((pair) => pair.map((s) => new Promise<void>((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve())))));
    for (const [a, b] of this.pairs) {
      a.resetAndDestroy();
      b.resetAndDestroy();
    }
    await Promise.all(closed);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('a pushing IMAP device whose connection drops', () => {
  it('reports the drop as an event, reconnects at the next settle and carries on', async () => {
    const clock = new VirtualClock(Date.UTC(2024, 2, 4, 9));
    const store = new MailStore(clock);
    const account = store.addAccount('alice@example.com', 'secret');
    const server = await MailServer.start({ store, clock, ports: { pop3: false, smtp: false } });
    const relay = new Relay(server.ports.imap!);
    const port = await relay.listen();
    const log = new EventLog(clock);
    const settings = resolveSettings({ protocol: 'imap', account: 'alice@example.com', push: true, security: 'none' }).settings as ImapDeviceSettings;
    const phone = new ImapDevice({ name: 'phone', settings, password: 'secret', host: '127.0.0.1', port, clock, log });
    cleanup.push(() => server.close(), () => relay.close(), () => phone.close());

    await phone.start();
    await relay.cut();
    account.inbox.append(Buffer.from('Message-ID: <1@t>\r\nSubject: after the drop\r\n\r\nhi\r\n'), { label: 'test' });
    await expect(phone.settle()).resolves.toBeUndefined();
    const texts = log.events.map((e) => e.text);
    expect(texts.some((t) => /^lost the push connection \(.+\); reconnecting$/.test(t))).toBe(true);
    expect(texts).toContain('reconnected (IMAP, IDLE): INBOX, 1 new');
    expect(phone.snapshot().folders[0]!.messages.map((m) => m.subject)).toEqual(['after the drop']);
    // Idling again: the next delivery is pushed as before.
    account.inbox.append(Buffer.from('Message-ID: <2@t>\r\nSubject: pushed\r\n\r\nhi\r\n'), { label: 'test' });
    await phone.settle();
    expect(phone.snapshot().folders[0]!.messages.map((m) => m.subject)).toEqual(['after the drop', 'pushed']);
  });
});
