import { z } from 'zod';
import { VERDICT_KINDS, type VerdictKind } from './result.js';

/**
 * The `expect:` block: assertions on the final state that make a run a CI check.
 * Kept apart from schema.ts because it is its own small language.
 */

const Subjects = z.array(z.string().min(1));

export const MessageExpectation = z
  .strictObject({
    read: z.boolean().optional().describe('The message is read (\\Seen).'),
    flagged: z.boolean().optional().describe('The message is flagged (\\Flagged).'),
    deleted: z.boolean().optional().describe('The message is marked deleted (\\Deleted) but still listed.'),
  })
  .describe('Flags one message must have, by subject.');

export const FolderExpectation = z
  .strictObject({
    count: z.number().int().nonnegative().optional().describe('Exactly this many messages.'),
    subjects: Subjects.optional().describe('Exactly these subjects, oldest first.'),
    subjectsAnyOrder: Subjects.optional().describe('Exactly these subjects, in any order.'),
    contains: Subjects.optional().describe('At least these subjects.'),
    absent: Subjects.optional().describe('None of these subjects.'),
    unread: z.number().int().nonnegative().optional().describe('Exactly this many unread messages.'),
    flagged: z.number().int().nonnegative().optional().describe('Exactly this many flagged messages.'),
    messages: z.record(z.string().min(1), MessageExpectation).optional().describe('Flags of particular messages, by subject.'),
  })
  .describe('What a folder must hold.');

/** An exact count, or bounds: { min: 1 }, { max: 5000 }, { min: 1, max: 3 }. */
const Count = z
  .union([z.number().int().nonnegative(), z.strictObject({ min: z.number().int().nonnegative().optional(), max: z.number().int().nonnegative().optional() })])
  .describe('An exact number, or { min, max } (either may be left out).');

export const DeviceExpectation = FolderExpectation.extend({
  folders: z.record(z.string().min(1), FolderExpectation).optional().describe('Folders other than INBOX, by name.'),
  downloadedBytes: Count.optional().describe('Octets the device downloaded from the server in all (headers, bodies, whole messages).'),
}).describe('What a device shows: the keys here check its INBOX; `folders:` checks others.');

export const ConvergedExpectation = z
  .union([
    z.boolean(),
    z.strictObject({
      devices: z.array(z.string().min(1)).min(2).describe('Devices to compare; they must share an account.'),
      is: z.boolean().describe('true: they must show the same messages with the same state; false: they must not.'),
    }),
  ])
  .describe('true/false: whether the devices of each account converge; or { devices, is } for named devices.');

export const ExpectBlock = z
  .strictObject({
    devices: z.record(z.string(), DeviceExpectation).optional().describe('By device name.'),
    server: z
      .record(z.string(), z.record(z.string(), FolderExpectation))
      .optional()
      .describe('By account address, then mailbox name.'),
    converged: ConvergedExpectation.optional(),
    events: z
      .strictObject({
        conflicts: Count.optional().describe('Offline changes that could not be replayed.'),
        errors: Count.optional().describe('Checks and actions that failed (a refused login, a refused MOVE, ...).'),
        downloads: z.record(z.string(), Count).optional().describe('Messages each device downloaded (RETR, TOP or FETCH of a new message), by device.'),
      })
      .optional()
      .describe('Checks on what happened during the run, not only on the end state.'),
    verdict: z
      .enum(VERDICT_KINDS as unknown as [VerdictKind, ...VerdictKind[]])
      .optional()
      .describe('The headline verdict every account with devices must get: converged, stale, hidden, diverged, fragmented, copies or single.'),
  })
  .describe('Checks on the final state; a failed check makes `mailsim run` exit 1.');

export type FolderExpectationT = z.output<typeof FolderExpectation>;
export type DeviceExpectationT = z.output<typeof DeviceExpectation>;
export type ExpectBlockT = z.output<typeof ExpectBlock>;
