import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerStartError } from '../../src/server/errors.js';
import { startServer } from '../../src/server/start.js';

const held: net.Server[] = [];
afterEach(async () => {
  await Promise.all(held.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** Listens on a free port and keeps it, as another program on the machine would. */
async function occupy(): Promise<number> {
  const blocker = net.createServer();
  held.push(blocker);
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  return (blocker.address() as net.AddressInfo).port;
}

async function startError(options: Parameters<typeof startServer>[0]): Promise<ServerStartError> {
  const error = await startServer(options).then(
    async (s) => {
      await s.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServerStartError);
  return error as ServerStartError;
}

/** Proves a port is free by listening on it (and letting it go). */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('startServer errors', () => {
  it('names the protocol whose port is taken, and releases the listeners it had opened', async () => {
    const busy = await occupy();
    // IMAP and POP3 start before SMTP; grab ports for them now so we can check they are let go.
    const imap = await occupy();
    const pop3 = await occupy();
    await Promise.all(held.splice(1).map((s) => new Promise((resolve) => s.close(resolve))));
    const error = await startError({ ports: { imap, pop3, smtp: busy } });
    expect(error).toMatchObject({ code: 'PORT_IN_USE', protocols: ['smtp'], port: busy, message: `port ${busy} is already in use (SMTP)` });
    expect(await canListen(imap)).toBe(true);
    expect(await canListen(pop3)).toBe(true);
  });

  it('refuses two protocols on one port before listening at all', async () => {
    const error = await startError({ ports: { imap: 2525, smtp: 2525 } });
    expect(error).toMatchObject({ code: 'SAME_PORT', protocols: ['imap', 'smtp'], message: 'IMAP and SMTP cannot share port 2525' });
  });

  it('refuses a port outside 0..65535', async () => {
    expect(await startError({ ports: { pop3: 70000 } })).toMatchObject({ code: 'BAD_PORT', protocols: ['pop3'] });
    expect(await startError({ ports: { imap: 1.5 } })).toMatchObject({ code: 'BAD_PORT', protocols: ['imap'] });
  });

  it('says so when the host is not an address of this machine', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never assigned to a real interface.
    const error = await startError({ host: '192.0.2.1' });
    expect(error).toMatchObject({ code: 'HOST_UNAVAILABLE', protocols: [] });
    expect(error.message).toContain('cannot listen on 192.0.2.1');
  });
});
