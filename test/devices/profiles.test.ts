import { describe, expect, it } from 'vitest';
import { CLIENT_PROFILES } from '../../src/devices/profiles/index.js';
import { resolveSettings } from '../../src/devices/profiles/resolve.js';
import { CLIENT_NAMES, NEUTRAL_IMAP, NEUTRAL_POP3, type ClientName } from '../../src/devices/settings.js';

const account = 'alice@example.com';
const pop3 = (client: ClientName, extra: Record<string, unknown> = {}) => resolveSettings({ protocol: 'pop3', account, client, ...extra });
const imap = (client: ClientName, extra: Record<string, unknown> = {}) => resolveSettings({ protocol: 'imap', account, client, ...extra });

/**
 * Each profile against the values its sources give. A row here changes only when a cited source
 * says something else; the source strings themselves are checked to name where they come from.
 */
const POP3_DEFAULTS: Record<string, object> = {
  // Thunderbird's account setup: AccountConfig.sys.mjs createNewIncoming().
  // GuessConfig: "Prefer SSL/TLS over STARTTLS"; K-9 ConnectionSecurity DEFAULT = TLS.
  thunderbird: { security: 'tls', leaveOnServer: true, deleteAfterDays: 14, deleteFromServerWhenDeleted: true, serverDeleteOn: 'delete', checkEvery: '10m', checkAtStartup: true, headersOnly: false },
  // DefaultDeletePolicyProvider: POP3 -> NEVER; EmailCheckFrequency DEFAULT = EVERY_HOUR.
  k9: { security: 'tls', leaveOnServer: true, deleteFromServerWhenDeleted: false, checkEvery: '1h', checkAtStartup: false, headersOnly: false },
  // Outlook 2002/2003 help: download and delete; REMOVE_ON_NUKE fires from Deleted Items.
  outlook: { leaveOnServer: false, deleteFromServerWhenDeleted: false, serverDeleteOn: 'trash-emptied', checkAtStartup: NEUTRAL_POP3.checkAtStartup },
  // Mail Help: "The messages remain on the mail server unless you specify that they should be removed."
  'apple-mail': { leaveOnServer: true, deleteFromServerWhenDeleted: false },
  // HT1668: "The default setting ... for POP accounts is to keep mail on the server."
  'ios-mail': { leaveOnServer: true, deleteFromServerWhenDeleted: false },
  // Nothing documented: neutral.
  'gmail-app': { ...NEUTRAL_POP3 },
  // fetchmail without --keep.
  legacy: { leaveOnServer: false, headersOnly: false, checkAtStartup: false },
};

const IMAP_DEFAULTS: Record<string, object> = {
  thunderbird: { security: 'tls', checkEvery: '10m', checkAtStartup: true, push: true, folders: ['INBOX'], download: 'background', deleteModel: 'trash' },
  k9: { security: 'tls', checkEvery: '1h', checkAtStartup: false, push: false, folders: ['INBOX'], download: 'full', deleteModel: 'trash' },
  outlook: { deleteModel: 'mark', push: NEUTRAL_IMAP.push },
  'apple-mail': { download: 'full', deleteModel: 'trash' },
  'ios-mail': { push: false },
  'gmail-app': { ...NEUTRAL_IMAP },
};

describe('client profiles', () => {
  it('exist for every client name, and only for those', () => {
    expect(Object.keys(CLIENT_PROFILES).sort()).toEqual([...CLIENT_NAMES].sort());
    for (const name of CLIENT_NAMES) expect(CLIENT_PROFILES[name].name).toBe(name);
  });

  for (const [client, expected] of Object.entries(POP3_DEFAULTS)) {
    it(`${client}: POP3 defaults are the cited ones`, () => {
      const { settings, problems } = pop3(client as ClientName);
      expect(problems).toEqual([]);
      expect(settings).toMatchObject({ protocol: 'pop3', client, ...expected });
    });
  }

  for (const [client, expected] of Object.entries(IMAP_DEFAULTS)) {
    it(`${client}: IMAP defaults are the cited ones`, () => {
      const { settings, problems } = imap(client as ClientName);
      expect(problems).toEqual([]);
      expect(settings).toMatchObject({ protocol: 'imap', client, ...expected });
    });
  }

  it('legacy is POP3 only: naming it for an IMAP device is an error at the client key', () => {
    expect(imap('legacy').problems).toEqual([expect.objectContaining({ key: 'client', message: 'Classic POP3 (download and delete) does not use IMAP in mailsim\'s profiles' })]);
  });

  it('every value cites a source or says what was searched; nothing is claimed silently', () => {
    for (const profile of Object.values(CLIENT_PROFILES)) {
      for (const table of [profile.pop3, profile.imap]) {
        for (const [key, entry] of Object.entries(table ?? {})) {
          const where = `${profile.name}.${key}`;
          if ('source' in entry) expect(entry.source.length, where).toBeGreaterThan(20);
          else expect(entry.notDocumented.length, where).toBeGreaterThan(10);
        }
      }
    }
  });

  it('keys written in the scenario override the profile', () => {
    expect(pop3('thunderbird', { deleteAfterDays: 3, checkEvery: '5m' }).settings).toMatchObject({ leaveOnServer: true, deleteAfterDays: 3, checkEvery: '5m' });
    expect(imap('thunderbird', { push: false, download: 'headers' }).settings).toMatchObject({ push: false, download: 'headers', checkEvery: '10m' });
  });

  it('turning leave-on-server off drops the profile\'s dependent settings, as clients grey them out', () => {
    const { settings, problems } = pop3('thunderbird', { leaveOnServer: false });
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({ leaveOnServer: false, deleteFromServerWhenDeleted: false });
    expect(settings).not.toHaveProperty('deleteAfterDays');
  });

  it('a written dependent setting without leave-on-server is reported at its key', () => {
    expect(resolveSettings({ protocol: 'pop3', account, deleteAfterDays: 3 }).problems.map((p) => p.key)).toEqual(['deleteAfterDays']);
  });

  it('without a client, the neutral defaults apply and no client is named', () => {
    expect(resolveSettings({ protocol: 'pop3', account }).settings).toEqual({ protocol: 'pop3', account, ...NEUTRAL_POP3 });
    expect(resolveSettings({ protocol: 'imap', account }).settings).toEqual({ protocol: 'imap', account, ...NEUTRAL_IMAP });
  });
});
