import { z } from 'zod';
import { parseDuration } from '../sim/duration.js';
import { CLIENT_NAMES, DELETE_MODELS, DOWNLOAD_MODES, RESYNC_MODES, SECURITY_MODES, SERVER_DELETE_TRIGGERS } from './settings.js';

/**
 * Device settings as a scenario writes them (every key optional), as zod schemas: what the
 * scenario schema (scenario/schema.ts) builds on and the loader validates with. Apart from
 * settings.ts, which has the settings once decided and their names, because only the loader
 * needs these: a run of a scenario the CLI kept parsed (cli/scenario-cache.ts) never builds them.
 */

export const Duration = z
  .string({ error: (issue) => (issue.code === 'invalid_type' ? 'a duration with a unit, such as "10m" (units: ms, s, m, h, d, w)' : undefined) })
  .refine(
    (text) => {
      try {
        parseDuration(text);
        return true;
      } catch {
        return false;
      }
    },
    { error: 'not a duration; write a number and a unit (ms, s, m, h, d, w), e.g. "90s", "10m", "1h30m", "3d"' },
  )
  .describe('A duration such as "90s", "10m", "1h30m" or "3d".');

const common = {
  account: z.string().optional().describe('Which account the device checks. May be left out when the scenario has one account.'),
  client: z
    .enum(CLIENT_NAMES)
    .optional()
    .describe(`A real mail client whose defaults this device starts from (${CLIENT_NAMES.join(', ')}); keys written here override them.`),
  checkEvery: Duration.optional().describe('Check for new mail on this interval of virtual time (polling), first one interval after the start.'),
  checkAtStartup: z.boolean().optional().describe('Check mail when the scenario starts, as a client does when it opens. Default: off for POP3, on for IMAP.'),
  security: z
    .enum(SECURITY_MODES)
    .optional()
    .describe('Connection security: "tls" (SSL/TLS on 993 or 995, the default), "starttls" (143 or 110, then STARTTLS/STLS), "none" (plaintext: the password crosses the network readable).'),
};

export const Pop3SettingsInput = z
  .strictObject({
    protocol: z.literal('pop3'),
    ...common,
    leaveOnServer: z
      .boolean()
      .optional()
      .describe('Keep a copy on the server after downloading. Default off: the classic POP3 default, download and delete.'),
    deleteAfterDays: z.number().int().nonnegative().optional().describe('With leaveOnServer: delete from the server once downloaded this many days ago.'),
    deleteFromServerWhenDeleted: z
      .boolean()
      .optional()
      .describe('With leaveOnServer: delete the server copy when the user deletes the message on this device. Default off.'),
    serverDeleteOn: z
      .enum(SERVER_DELETE_TRIGGERS)
      .optional()
      .describe('When deleteFromServerWhenDeleted fires: "delete" (the user deletes it, default), "leave-inbox" (deleted or moved out of the Inbox), "trash-emptied" (deleted from Trash).'),
    headersOnly: z
      .boolean()
      .optional()
      .describe('Download headers only (POP3 TOP); the whole message is downloaded (RETR) when the user opens it. Default off.'),
    recentMode: z
      .boolean()
      .optional()
      .describe('Gmail\'s recent mode: log in as "recent:" + the address, so POP lists the last 30 days whatever other clients downloaded. Gmail accounts only. Default off.'),
  })
  .describe('A mail client using POP3.');

export const ImapSettingsInput = z
  .strictObject({
    protocol: z.literal('imap'),
    ...common,
    folders: z
      .union([z.literal('all'), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe('Folders this device shows and syncs: a list (default [INBOX]) or "all".'),
    push: z.boolean().optional().describe('Stay connected in IMAP IDLE so the server pushes new mail and changes to INBOX at once. Default off.'),
    download: z
      .enum(DOWNLOAD_MODES)
      .optional()
      .describe('"full" (default) downloads whole messages at each check; "headers" only what a message list needs, and the body when the user opens it; "background" headers first, then every body in the same check (Thunderbird\'s "keep messages on this computer").'),
    deleteModel: z
      .enum(DELETE_MODELS)
      .optional()
      .describe('What delete does on the server: move to Trash (default), mark as deleted (\\Deleted, still listed), or remove at once (expunge).'),
    resync: z
      .enum(RESYNC_MODES)
      .optional()
      .describe('How the device catches up after reconnecting: "condstore" (default: flags changed since its mod-sequence, then every UID to find what was expunged) or "qresync" (RFC 7162: the server names what vanished and what changed in its SELECT answer).'),
  })
  .describe('A mail client using IMAP.');

/** The settings schema for each protocol a device can use, as written (every key optional). */
export const PROTOCOL_SCHEMAS = { pop3: Pop3SettingsInput, imap: ImapSettingsInput } as const;
export type Protocol = keyof typeof PROTOCOL_SCHEMAS;
export type Pop3SettingsWritten = z.output<typeof Pop3SettingsInput>;
export type ImapSettingsWritten = z.output<typeof ImapSettingsInput>;
export type DeviceSettingsWritten = Pop3SettingsWritten | ImapSettingsWritten;

