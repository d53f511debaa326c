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
      const name = extension.toUpperCase();
      if (ctx.session.features.enableable.has(name) && !ctx.session.enabled.has(name)) {
        ctx.session.enabled.add(name);
        turnedOn.push(name);
      }
    }
    ctx.send(atom('ENABLED'), ...turnedOn.map(atom));
    // RFC 7162 3.1: enabling CONDSTORE with a mailbox selected reports its HIGHESTMODSEQ at once.
    const selected = ctx.session.selectedOrUndefined;
    if (selected && turnedOn.includes('CONDSTORE')) {
      ctx.sendStatus('OK', 'Highest', { code: 'HIGHESTMODSEQ', value: selected.mailbox.highestModSeq });
    }
  },
});
