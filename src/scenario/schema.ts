import { z } from 'zod';
import { Duration, PROTOCOL_SCHEMAS, type DeviceSettings } from '../devices/settings.js';
import { ExpectBlock } from './expect-schema.js';

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

/** Server behaviour where real servers differ, each named after the server that has it. */
export const ServerSettings = z
  .strictObject({
    pop3NoFlagUpdates: z
      .boolean()
      .optional()
      .describe('Dovecot\'s pop3_no_flag_updates. Default false: like Dovecot, a message a POP3 client downloads with RETR is marked read (\\Seen) when it QUITs; true leaves flags alone.'),
  })
  .describe('How the embedded server behaves where real servers differ.');

export const AccountSettings = z.strictObject({
  password: z.string().min(1).default('secret').describe('Password the devices log in with. Default "secret".'),
});

const MessageTarget = {
  device: DeviceName,
  message: MessageSelector,
  folder: z.string().min(1).optional().describe('Folder to look in on the device. Default: the inbox.'),
};

/** Every step kind and the shape of its argument. A step is a map with exactly one of these keys. */
export const STEP_SCHEMAS = {
  deliver: z
    .strictObject({
      to: z.string().optional().describe('Recipient account. May be left out when the scenario has one account.'),
      from: z.string().optional().describe('Sender, e.g. "Bob <bob@example.com>". Default: picked by the seed.'),
      subject: z.string().min(1).describe('Subject line; with count, " (1)", " (2)", … is appended.'),
      body: z.string().optional().describe('Plain-text body. Default: a line of filler picked by the seed.'),
      count: z.number().int().min(1).max(1000).optional().describe('Deliver this many messages at once.'),
    })
    .describe('Mail arrives at the server for an account.'),
  sync: z
    .union([DeviceName, z.array(DeviceName).min(1)])
    .describe('Devices check mail now: one name, a list, or "all".'),
  read: z.strictObject(MessageTarget).describe('The user opens a message on a device.'),
  unread: z.strictObject(MessageTarget).describe('The user marks a message unread on a device.'),
  flag: z.strictObject(MessageTarget).describe('The user flags (stars) a message on a device.'),
  unflag: z.strictObject(MessageTarget).describe('The user removes the flag on a device.'),
  delete: z.strictObject(MessageTarget).describe('The user deletes a message on a device.'),
  move: z
    .strictObject({ ...MessageTarget, to: z.string().min(1).describe('Destination folder.') })
    .describe('The user moves a message to another folder on a device.'),
  advance: Duration.describe('Virtual time passes; scheduled checks and retention rules run on the way.'),
  offline: DeviceName.describe('A device loses its connection; it cannot check mail until online again.'),
  online: DeviceName.describe('A device is back online.'),
  note: z.string().min(1).describe('A line of narration for the timeline.'),
} as const;

export type StepKind = keyof typeof STEP_SCHEMAS;
export const STEP_KINDS = Object.keys(STEP_SCHEMAS) as StepKind[];

export type StepArgs = { [K in StepKind]: z.output<(typeof STEP_SCHEMAS)[K]> };
export type Step = { [K in StepKind]: { kind: K; args: StepArgs[K]; line: number } }[StepKind];

/** For JSON Schema export only: the loader dispatches on the key itself to give better errors. */
const StepSchema = z.union(
  STEP_KINDS.map((kind) => z.strictObject({ [kind]: STEP_SCHEMAS[kind] })) as unknown as [
    z.ZodTypeAny,
    z.ZodTypeAny,
    ...z.ZodTypeAny[],
  ],
);

/**
 * A device entry as written: any protocol's settings, each optional, since a variant may supply
 * the protocol. The loader validates the merged settings per protocol; this precise shape is
 * for the exported JSON Schema (editor completion).
 */
export const DeviceInput = z
  .union(Object.values(PROTOCOL_SCHEMAS).map((schema) => schema.partial()) as unknown as [z.ZodTypeAny, ...z.ZodTypeAny[]])
  .describe('A device: protocol, account and that protocol\'s settings.');

export const DeviceOverride = DeviceInput.describe('Settings that replace the base device settings in this variant (protocol included).');

/** Names declared under `devices:` and `variants:`: short words that read well in reports and flags. */
export const DeviceKey = z.string().regex(/^[A-Za-z][\w-]*$/, { error: 'device names are a letter followed by letters, digits, - or _' });
export const VariantKey = z.string().regex(/^[A-Za-z][\w-]*$/, { error: 'variant names are a letter followed by letters, digits, - or _' });

export const VariantSchema = z.strictObject({
  description: z.string().optional().describe('What differs in this variant, in one line.'),
  devices: z.record(z.string(), DeviceOverride).optional(),
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
