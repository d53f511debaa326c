import { z } from 'zod';
import type { RunResult } from '../scenario/result.js';
import { explainMessage } from './explain.js';

// The `--json --explain` document, apart from explain.ts so a plain `--explain` (and every run,
// which imports explain.ts for its subjects) does not load zod for it.

const Iso = z.string().describe('ISO 8601 UTC time, virtual');

/**
 * The `--json --explain <subject>` document. Like the run document's schema, this is its
 * documentation and a test parses real output through it. Add fields freely; renaming or
 * removing one is a breaking change (bump `format`).
 */
export const ExplainJson = z.strictObject({
  format: z.literal(1),
  kind: z.literal('explain'),
  mailsim: z.string().describe('mailsim version'),
  scenario: z.strictObject({ name: z.string(), file: z.string() }),
  seed: z.number().int(),
  subject: z.string(),
  variants: z.array(
    z.strictObject({
      name: z.string(),
      message: z.strictObject({ key: z.string().describe('Message-ID'), account: z.string(), deliveredAt: Iso }),
      events: z.array(
        z.strictObject({
          at: Iso,
          kind: z.string(),
          device: z.string().nullable(),
          text: z.string(),
          missedCheck: z.boolean().describe('a check after the message arrived that did not bring it'),
        }),
      ),
      end: z.strictObject({
        devices: z.array(z.strictObject({ device: z.string(), state: z.string() })),
        server: z.string().nullable().describe('where the server holds it and its flags, or "gone"'),
      }),
    }),
  ),
});

export type ExplainJsonDocument = z.infer<typeof ExplainJson>;

export function renderExplainJson(result: RunResult, subject: string, version: string): string {
  const iso = (ms: number): string => new Date(ms).toISOString();
  const doc: ExplainJsonDocument = {
    format: 1,
    kind: 'explain',
    mailsim: version,
    scenario: { name: result.scenario.name, file: result.scenario.file },
    seed: result.seed,
    subject,
    variants: explainMessage(result, subject).map((story) => ({
      name: story.variant,
      message: { key: story.message.key, account: story.message.account, deliveredAt: iso(story.message.deliveredAt) },
      events: story.lines.map(({ event, missedCheck }) => ({ at: iso(event.at), kind: event.kind, device: event.device ?? null, text: event.text, missedCheck })),
      end: { devices: [...story.end], server: story.server ?? null },
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
