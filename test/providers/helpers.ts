import { ImapFlow } from 'imapflow';
import { afterEach } from 'vitest';
import type { GmailSettings, ProviderName } from '../../src/providers/index.js';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { VirtualClock } from '../../src/sim/clock.js';

export const T0 = Date.UTC(2024, 2, 4, 9, 0, 0);
export const ALICE = 'alice@gmail.com';

/** A fresh server per test with alice on `provider`; every client and server closed afterwards. */
export function providerFixture(provider: ProviderName = 'gmail') {
  const servers: RunningServer[] = [];
  const clients: ImapFlow[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.logout().catch(() => c.close())));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return {
    async start(gmail: GmailSettings = {}) {
      const clock = new VirtualClock(T0);
      const server = await startServer({ clock, users: [{ user: ALICE, password: 'secret', provider, gmail }] });
      servers.push(server);
      return { server, clock };
    },
    async imap(server: RunningServer): Promise<ImapFlow> {
      const client = new ImapFlow({ host: '127.0.0.1', port: server.ports.imap!, secure: false, doSTARTTLS: false, logger: false, auth: { user: ALICE, pass: 'secret' } });
      client.on('error', () => undefined);
      await client.connect();
      clients.push(client);
      return client;
    },
  };
}

/** Subjects per folder, from the store: what every IMAP session would find there. */
export async function folders(server: RunningServer, user = ALICE): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const box of server.mailboxes(user)) out[box.name] = (await server.messages(user, box.name)).map((m) => m.subject ?? '');
  return out;
}
