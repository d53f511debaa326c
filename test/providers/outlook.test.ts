import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { Pop3Client } from '../../src/pop3/index.js';
import { ALICE, folders, providerFixture } from './helpers.js';

const fixture = providerFixture('outlook');

describe('Outlook.com (observed folder names, documented ports)', () => {
  it('has Sent Items, Deleted Items, Junk Email, Archive, Notes and Outbox, with their special use in LIST but no SPECIAL-USE capability', async () => {
    const { server } = await fixture.start();
    const client = await fixture.imap(server);
    const list = await client.list();
    expect(list.map((f) => [f.path, f.specialUse ?? '']).sort((a, b) => (a[0]! < b[0]! ? -1 : 1))).toEqual([
      ['Archive', '\\Archive'],
      ['Deleted Items', '\\Trash'],
      ['Drafts', '\\Drafts'],
      ['INBOX', '\\Inbox'],
      ['Junk Email', '\\Junk'],
      ['Notes', ''],
      ['Outbox', ''],
      ['Sent Items', '\\Sent'],
    ]);
    expect(client.capabilities.has('SPECIAL-USE')).toBe(false);
    expect(client.capabilities.has('MOVE')).toBe(true);
  });

  it('files mail the account submits in Sent Items; POP3 is plain RFC 1939: DELE removes at QUIT, and every client is offered what is left', async () => {
    const { server } = await fixture.start();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.ports.smtp!, secure: false, ignoreTLS: true, auth: { user: ALICE, pass: 'secret' } });
    await transport.sendMail({ from: ALICE, to: 'bob@example.org', subject: 'Sent from a client', text: 'hi' });
    transport.close();
    await server.deliver({ to: ALICE, subject: 'Keep' });
    await server.deliver({ to: ALICE, subject: 'Remove' });
    expect((await folders(server))['Sent Items']).toEqual(['Sent from a client']);
    const first = await Pop3Client.connect({ host: '127.0.0.1', port: server.ports.pop3! });
    await first.login(ALICE, 'secret');
    expect(await first.uidl()).toHaveLength(2);
    await first.retr(1);
    await first.dele(2);
    await first.quit();
    const second = await Pop3Client.connect({ host: '127.0.0.1', port: server.ports.pop3! });
    await second.login(ALICE, 'secret');
    expect(await second.uidl()).toHaveLength(1);
    await second.quit();
    expect((await folders(server)).INBOX).toEqual(['Keep']);
  });
});
