import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { OutgoingMail } from '../../src/devices/device.js';
import { EventLog } from '../../src/devices/events.js';
import { submitOrQueue, type SendingDevice } from '../../src/devices/sending.js';
import { VirtualClock } from '../../src/sim/clock.js';

const mail: OutgoingMail = { raw: Buffer.from('Subject: Hi\r\n\r\nhello\r\n'), key: '<1@t>', subject: 'Hi', from: 'alice@example.com', recipients: ['bob@example.com'] };

/** A port nothing listens on: bound for a moment, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function device(online: boolean, port: number): SendingDevice & { log: EventLog } {
  return { name: 'phone', online, outbox: [], log: new EventLog(new VirtualClock(0)), submission: { host: '127.0.0.1', port, user: 'alice@example.com', password: 'x', name: 'phone.mailsim.test', security: 'none' } };
}

describe('submitOrQueue (the half of sending every device shares)', () => {
  it('keeps a message written offline in the Outbox and says so', async () => {
    const phone = device(false, 1);
    expect(await submitOrQueue(phone, mail)).toBeUndefined();
    expect(phone.outbox).toEqual([mail]);
    expect(phone.log.events.map((e) => e.text)).toEqual(['wrote "Hi" to bob@example.com (offline: it waits in the Outbox until back online)']);
  });

  it('keeps a message the server could not take in the Outbox, as the timeline says', async () => {
    const phone = device(true, await closedPort());
    expect(await submitOrQueue(phone, mail)).toBeUndefined();
    expect(phone.outbox).toEqual([mail]);
    const [event] = phone.log.events;
    expect(event?.kind).toBe('error');
    expect(event?.text).toMatch(/^could not send "Hi": .*ECONNREFUSED.*; it stays in the Outbox until the device is next back online$/);
  });
});
