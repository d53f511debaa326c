import { DEFAULT_MAILBOXES } from '../store/account.js';
import type { Diagnostic } from './diagnostics.js';
import type { Step } from './schema.js';
import type { Path, ScenarioSource } from './source.js';
import { withSuggestion } from './suggest.js';

/** Mailboxes every account starts with on the server (MailStore.addAccount), INBOX first. */
const STARTING_FOLDERS = ['INBOX', ...DEFAULT_MAILBOXES.map((box) => box.name)];

/**
 * An IMAP device's `folders:` must name folders that will exist: ones every account starts with,
 * or ones a `move` or `copy` step creates. Otherwise the device fails to start on a folder the server does
 * not have, and the run would go on as if nothing happened. Read from the file as written (base
 * devices and variant overrides), so each error points at the folder name itself.
 */
export function checkSyncedFolders(source: ScenarioSource, raw: { devices?: unknown; variants?: unknown }, steps: readonly Step[], out: Diagnostic[]): void {
  const created = steps.flatMap((step) => (step.kind === 'move' || step.kind === 'copy' ? [step.args.to] : []));
  const known = [...STARTING_FOLDERS, ...created];
  const check = (device: string, folders: unknown, at: Path): void => {
    if (!Array.isArray(folders)) return;
    folders.forEach((folder, i) => {
      if (typeof folder !== 'string' || folder.toUpperCase() === 'INBOX' || known.includes(folder)) return;
      out.push(
        source.diagnostic(
          [...at, i],
          withSuggestion(`device "${device}" syncs folder "${folder}", which the account does not have and no step creates`, folder, known),
          `folders every account has: ${STARTING_FOLDERS.join(', ')}; a move or copy step with "to: ${folder}" would create it${created.length > 0 ? `; steps create: ${[...new Set(created)].join(', ')}` : ''}`,
        ),
      );
    });
  };
  for (const [name, settings] of entries(raw.devices)) check(name, mapOf(settings).folders, ['devices', name, 'folders']);
  for (const [variant, declaration] of entries(raw.variants)) {
    for (const [name, settings] of entries(mapOf(declaration).devices)) check(name, mapOf(settings).folders, ['variants', variant, 'devices', name, 'folders']);
  }
}

function mapOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function entries(value: unknown): [string, unknown][] {
  return Object.entries(mapOf(value));
}
