import { z } from 'zod';
import type { DeviceSettings } from '../devices/settings.js';
import { Duration, PROTOCOL_SCHEMAS } from '../devices/settings-schema.js';
import { CLOCK_TIME_HINT, parseClockTime } from '../sim/clock-time.js';
import { ExpectBlock } from './expect-schema.js';
import { PROVIDER_NAMES } from '../providers/index.js';

/**
 * Messages one deliver step may bring. A bound so a typo cannot ask for a billion; 100,000 is
 * ten times the largest scale the benchmark runs (the report keeps such folders readable: --max-rows).
 */
export const MAX_DELIVER_COUNT = 100_000;

/**
 * The scenario format, as zod schemas. This file is the single source of truth: the loader
 * validates with it, `mailsim schema` exports JSON Schema from it, and the README documents it.
 */

export { Duration };

const DeviceName = z.string().min(1).describe('A device name from `devices:`.');

/** Which message a step acts on: its subject, its 1-based position in the folder, or "*" for all. */
export const MessageSelector = z
  .union([z.string().min(1), z.number().int().positive()])
  .describe('The subject of a message, its 1-based position in the folder (oldest first), or "*" for every message.');

/** The settings schema for each protocol, as written; devices/ resolves them with the client profile. */
export { PROTOCOL_SCHEMAS };
export type ResolvedDeviceSettings = DeviceSettings;

const Address = z.string().regex(/^[^@\s]+@[^@\s]+$/, { error: 'expected an email address such as alice@example.com' });

/** A From: an address, or a name and an address in <...>; the address also goes into the SMTP envelope. */
const SenderText = z.string().regex(/^(?:[^<>\r\n]*<[^@\s<>]+@[^@\s<>]+>|[^@\s<>]+@[^@\s<>]+)$/, {
  error: 'expected a sender such as "Bob <bob@example.com>" or bob@example.com',
});

/** Every setting a `set` step may change: any protocol's, protocol included, account excepted. */
const SettableKeys = (() => {
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const schema of Object.values(PROTOCOL_SCHEMAS)) for (const [key, value] of Object.entries(schema.partial().shape)) if (key !== 'account') shape[key] = value as z.ZodTypeAny;
  shape.protocol = z.enum(Object.keys(PROTOCOL_SCHEMAS) as [string, ...string[]]).optional().describe('Switch the device to this protocol (its other settings then start afresh).');
  return shape;
})();

/** Server behaviour where real servers differ, each named after the server that has it. */
export const ServerSettings = z
  .strictObject({
    pop3NoFlagUpdates: z
      .boolean()
      .optional()
      .describe('Dovecot\'s pop3_no_flag_updates. Default false: like Dovecot, a message a POP3 client downloads with RETR is marked read (\\Seen) when it QUITs; true leaves flags alone.'),
  })
  .describe('How the embedded server behaves where real servers differ.');

/** Gmail's own POP and IMAP settings for the account, named as the Gmail API names them (README "Providers"). */
export const GmailAccountSettings = z
  .strictObject({
    accessWindow: z
      .enum(['allMail', 'fromNowOn', 'disabled'])
      .optional()
      .describe('PopSettings.accessWindow: which messages POP may fetch. Default allMail (Google documents no default; the account has POP turned on).'),
    disposition: z
      .enum(['leaveInInbox', 'markRead', 'archive', 'trash'])
      .optional()
      .describe('PopSettings.disposition: what Gmail does with a message once POP fetched it, whatever the client says (DELE does not delete). Default leaveInInbox.'),
    autoExpunge: z.boolean().optional().describe('ImapSettings.autoExpunge: expunge a message at once when IMAP marks it \\Deleted. Default true.'),
    expungeBehavior: z
      .enum(['archive', 'trash', 'deleteForever'])
      .optional()
      .describe('ImapSettings.expungeBehavior: what happens to a message expunged from its last visible folder. Default archive.'),
  })
  .describe("Gmail's POP and IMAP settings (with provider: gmail).");

export const AccountSettings = z
  .strictObject({
    password: z.string().min(1).default('secret').describe('Password the devices log in with. Default "secret".'),
    provider: z
      .enum(PROVIDER_NAMES)
      .default('standard')
      .describe('Whose rules the server follows for this account: standard (like Dovecot, the default), gmail (labels are folders, POP downloads once) or outlook (Outlook.com folders).'),
    gmail: GmailAccountSettings.optional(),
  })
  .superRefine((account, ctx) => {
    if (account.gmail && account.provider !== 'gmail') ctx.addIssue({ code: 'custom', path: ['gmail'], message: `"gmail:" settings need "provider: gmail" (this account is ${account.provider})` });
  });

const MessageTarget = {
  device: DeviceName,
  message: MessageSelector,
  folder: z.string().min(1).optional().describe('Folder to look in on the device. Default: the inbox.'),
};

/** A clock time a step or an offline period can name; see sim/clock-time.ts. */
export const ClockTimeText = z
  .string()
  .refine((text) => parseClockTime(text) !== undefined, { error: `not a clock time; ${CLOCK_TIME_HINT}` })
  .describe(`When: ${CLOCK_TIME_HINT}.`);

/** Names a delivered or sent message so steps and checks can point at it even when subjects repeat. */
export const MessageId = z
  .string()
  .regex(/^[A-Za-z][\w.-]*$/, { error: 'message ids are a letter followed by letters, digits, ".", "-" or "_"' })
  .describe('A name for this message that steps and expect: can use instead of its subject.');

const Recipients = z.union([Address, z.array(Address).min(1)]);

/** Largest attachment a scenario may generate: enough to show bytes matter, small enough to stay fast. */
export const MAX_ATTACHMENT_OCTETS = 5 * 1024 * 1024;
/** Largest message file `deliver: { file }` reads. */
export const MAX_MESSAGE_FILE_OCTETS = 10 * 1024 * 1024;

const Attachment = z
  .strictObject({
    filename: z.string().min(1).describe('File name shown in the mail client.'),
    size: z.number().int().positive().max(MAX_ATTACHMENT_OCTETS).optional().describe('Octets of content generated from the seed.'),
    content: z.string().optional().describe('The attachment\'s content, as text.'),
    contentType: z.string().optional().describe('MIME type. Default from the file name, else application/octet-stream.'),
  })
  .refine((a) => (a.size === undefined) !== (a.content === undefined), { error: 'an attachment has either "size" (generated content) or "content", not both' })
  .describe('A file attached to the message.');

/** What a composed message may carry, for deliver and send. */
const Composed = {
  subject: z.string().min(1).describe('Subject line.'),
  body: z.string().optional().describe('Plain-text body. Default: a line of filler picked by the seed.'),
  html: z.string().optional().describe('An HTML body, sent beside the text one (multipart/alternative).'),
  cc: Recipients.optional().describe('Copy recipients.'),
  attachments: z.array(Attachment).max(20).optional().describe('Files attached (multipart/mixed).'),
};

/** Every step kind and the shape of its argument. A step is a map with exactly one of these keys. */
export const STEP_SCHEMAS = {
  deliver: z
    .strictObject({
      id: MessageId.optional(),
      to: Recipients.optional().describe('Recipient account(s). May be left out when the scenario has one account.'),
      from: SenderText.optional().describe('Sender, e.g. "Bob <bob@example.com>". Default: picked by the seed.'),
      ...Composed,
      subject: Composed.subject.optional().describe('Subject line; with count, " (1)", " (2)", … is appended. Required unless file or raw gives the message.'),
      count: z.number().int().min(1).max(MAX_DELIVER_COUNT).optional().describe('Deliver this many messages at once (ids get "-1", "-2", …).'),
      file: z.string().min(1).optional().describe('A message file (.eml), relative to the scenario, delivered as it is.'),
      raw: z.string().min(1).optional().describe('A whole message, headers and body, delivered as it is.'),
    })
    .describe('Mail arrives at the server for an account.'),
  sync: z
    .union([
      DeviceName,
      z.array(DeviceName).min(1),
      z.strictObject({ device: DeviceName, folder: z.string().min(1).describe('A server folder to open once, though the device does not sync it.') }),
    ])
    .describe('Devices check mail now: one name, a list, or "all"; or { device, folder }: the user opens one folder.'),
  read: z.strictObject(MessageTarget).describe('The user opens a message on a device.'),
  unread: z.strictObject(MessageTarget).describe('The user marks a message unread on a device.'),
  flag: z.strictObject(MessageTarget).describe('The user flags (stars) a message on a device.'),
  unflag: z.strictObject(MessageTarget).describe('The user removes the flag on a device.'),
  delete: z.strictObject(MessageTarget).describe('The user deletes a message on a device.'),
  move: z
    .strictObject({ ...MessageTarget, to: z.string().min(1).describe('Destination folder.') })
    .describe('The user moves a message to another folder on a device.'),
  copy: z
    .strictObject({ ...MessageTarget, to: z.string().min(1).describe('Destination folder.') })
    .describe('The user copies a message to another folder on a device (IMAP COPY; a POP3 device copies locally).'),
  send: z
    .strictObject({ id: MessageId.optional(), device: DeviceName, to: Recipients.describe('Recipient address(es).'), ...Composed })
    .describe('The user writes and sends a message from a device (SMTP submission; IMAP devices save a copy in Sent).'),
  reply: z
    .strictObject({ id: MessageId.optional(), device: DeviceName, message: MessageSelector, folder: MessageTarget.folder, body: Composed.body })
    .describe('The user replies to a message on a device: "Re:" subject, In-Reply-To and References, to its sender.'),
  set: z
    .strictObject({ device: DeviceName, ...SettableKeys })
    .describe('The user changes a device\'s settings mid-run, e.g. switches it to IMAP: { device: phone, protocol: imap, push: true }.'),
  advance: Duration.describe('Virtual time passes; scheduled checks and retention rules run on the way.'),
  offline: DeviceName.describe('A device loses its connection; it cannot check mail until online again.'),
  online: DeviceName.describe('A device is back online.'),
  note: z.string().min(1).describe('A line of narration for the timeline.'),
} as const;

export type StepKind = keyof typeof STEP_SCHEMAS;
export const STEP_KINDS = Object.keys(STEP_SCHEMAS) as StepKind[];

export type StepArgs = {
  [K in StepKind]: K extends 'deliver'
    ? z.output<(typeof STEP_SCHEMAS)[K]> & { /** The message `file:` or `raw:` gives, read by the loader. */ readonly loaded?: Buffer }
    : z.output<(typeof STEP_SCHEMAS)[K]>;
};
/**
 * A step as the runner takes it. `at` is the virtual time the clock advances to before the step
 * runs (from the step's `at:`); a step written as only `at:` is kind "wait". `path` is where the
 * step is written (["steps", 3] or ["variants", "imap", "steps", 3]), for errors that point at it.
 */
export type Step =
  | { [K in StepKind]: { kind: K; args: StepArgs[K]; line: number; path: readonly (string | number)[]; at?: number } }[StepKind]
  | { kind: 'wait'; args: undefined; line: number; path: readonly (string | number)[]; at: number };

/** For JSON Schema export only: the loader dispatches on the key itself to give better errors. */
const StepSchema = z.union([
  ...STEP_KINDS.map((kind) => z.strictObject({ at: ClockTimeText.optional().describe('When this step happens; the clock advances to it first.'), [kind]: STEP_SCHEMAS[kind] })),
  z.strictObject({ at: ClockTimeText.describe('Wait until this time; scheduled checks run on the way.') }),
] as unknown as [z.ZodTypeAny, z.ZodTypeAny, ...z.ZodTypeAny[]]);

/**
 * A device entry as written: any protocol's settings, each optional, since a variant may supply
 * the protocol. The loader validates the merged settings per protocol; this precise shape is
 * for the exported JSON Schema (editor completion).
 */
export const OfflinePeriods = z
  .array(z.strictObject({ from: ClockTimeText, until: ClockTimeText }))
  .describe('Times the device has no network, e.g. [{ from: "09:00", until: "11:00" }] (times from the scenario start).');

export const DeviceInput = z
  .union(Object.values(PROTOCOL_SCHEMAS).map((schema) => schema.partial().extend({ offline: OfflinePeriods.optional() })) as unknown as [z.ZodTypeAny, ...z.ZodTypeAny[]])
  .describe('A device: protocol, account and that protocol\'s settings.');

export const DeviceOverride = DeviceInput.describe('Settings that replace the base device settings in this variant (protocol included).');

/** Names declared under `devices:` and `variants:`: short words that read well in reports and flags. */
export const DeviceKey = z.string().regex(/^[A-Za-z][\w-]*$/, { error: 'device names are a letter followed by letters, digits, - or _' });
export const VariantKey = z.string().regex(/^[A-Za-z][\w-]*$/, { error: 'variant names are a letter followed by letters, digits, - or _' });

export const VariantSchema = z.strictObject({
  description: z.string().optional().describe('What differs in this variant, in one line.'),
  devices: z.record(z.string(), DeviceOverride).optional(),
  steps: z.array(StepSchema).optional().describe('Steps for this variant only; they replace the top-level steps.'),
  expect: ExpectBlock.optional().describe('Checks for this variant only; they replace top-level checks on the same device, mailbox or convergence.'),
});

export const ScenarioSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe('Defaults to the file name without .yaml.'),
    description: z.string().min(1).optional().describe('One line, shown by `mailsim list`.'),
    lesson: z.string().min(1).optional().describe('What the run teaches, printed after the verdicts.'),
    start: z
      .string()
      .refine((text) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/.test(text) && !Number.isNaN(Date.parse(text)), {
        error: 'expected a UTC date-time such as 2024-03-04T09:00:00Z',
      })
      .optional()
      .describe('Virtual time when the scenario starts (UTC). Default 2024-03-04T09:00:00Z, a Monday.'),
    seed: z.number().int().nonnegative().optional().describe('Default seed; `--seed` overrides it.'),
    server: ServerSettings.optional(),
    accounts: z.record(Address, AccountSettings).describe('Accounts on the server, by address.'),
    devices: z.record(DeviceKey, DeviceInput).describe('Simulated mail clients, by name.'),
    variants: z.record(VariantKey, VariantSchema).optional(),
    steps: z.array(StepSchema).describe('What happens, in order.'),
    expect: ExpectBlock.optional(),
  })
  .describe('A mailsim scenario.');

export const DEFAULT_START = '2024-03-04T09:00:00Z';
export const DEFAULT_SEED = 1;
