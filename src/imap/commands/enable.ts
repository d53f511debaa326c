import { defineCommand } from '../command.js';
import { AUTHENTICATED } from '../session.js';
import { atom, parseEnableArgs } from '../syntax/index.js';

/**
 * ENABLE (RFC 5161): turns on what we support (CONDSTORE) and ignores the rest, as the RFC
 * requires; imapflow asks for CONDSTORE, UTF8=ACCEPT and IMAP4rev2 in one go.
 */
export const enable = defineCommand({
  name: 'ENABLE',
  states: AUTHENTICATED,
  parse: (command) => parseEnableArgs(command.args),
  handle(ctx, extensions) {
    const turnedOn: string[] = [];
    for (const extension of extensions) {
      // Capability names compare case-insensitively; the session keeps the canonical spelling (IMAP4rev2).
      const name = ctx.session.features.enableable.get(extension.toUpperCase());
      if (name !== undefined && !ctx.session.enabled.has(name)) {
        ctx.session.enabled.add(name);
        turnedOn.push(name);
      }
    }
    // RFC 7162 3.2.3: ENABLE QRESYNC enables CONDSTORE too (the ENABLED response names only QRESYNC).
    const impliedCondstore = turnedOn.includes('QRESYNC') && !ctx.session.enabled.has('CONDSTORE');
    if (impliedCondstore) ctx.session.enabled.add('CONDSTORE');
    ctx.send(atom('ENABLED'), ...turnedOn.map(atom));
    // IMAP4rev2 has no \Recent (RFC 9051 E.1): from now on, in the mailbox selected too.
    const current = ctx.session.selectedOrUndefined;
    if (current && turnedOn.includes('IMAP4rev2')) current.reportRecent = false;
    // RFC 7162 3.1: enabling CONDSTORE with a mailbox selected reports its HIGHESTMODSEQ at once.
    const selected = ctx.session.selectedOrUndefined;
    if (selected && (turnedOn.includes('CONDSTORE') || impliedCondstore)) {
      ctx.sendStatus('OK', 'Highest', { code: 'HIGHESTMODSEQ', value: selected.mailbox.highestModSeq });
    }
  },
});
