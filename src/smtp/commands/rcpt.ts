import type { SmtpCommand } from '../command.js';
import { MAX_RECIPIENTS } from '../limits.js';
import { parsePath } from '../paths.js';
import { reply } from '../reply.js';
import { NEED_MAIL } from './replies.js';

/** RCPT TO:<path> (RFC 5321 4.1.1.3): a recipient of the transaction's message. */
export const rcpt: SmtpCommand = {
  name: 'RCPT',
  beforeHello: false,
  handle(ctx, args) {
    const state = ctx.state;
    const transaction = state.kind === 'greeted' ? state.transaction : undefined;
    if (!transaction) return ctx.send(NEED_MAIL);
    const parsed = parsePath(args, 'TO');
    if (!parsed || parsed.address === '') return ctx.refuse(reply(501, '5.1.3', 'Error: Bad recipient address syntax'));
    const [key] = [...parsed.parameters.keys()];
    if (key !== undefined) return ctx.send(reply(555, '5.5.4', `Error: RCPT TO parameter ${key} is not supported`));
    if (transaction.recipients.length >= MAX_RECIPIENTS) return ctx.send(reply(452, '4.5.3', `Too many recipients (at most ${MAX_RECIPIENTS})`));
    const refusal = ctx.host.refuseRecipient(parsed.address, state.kind === 'greeted' && state.user !== undefined);
    if (refusal) return ctx.send(refusal);
    // The same address twice (in any case) is one recipient: it gets the message once.
    const lower = parsed.address.toLowerCase();
    if (!transaction.recipients.some((r) => r.toLowerCase() === lower)) transaction.recipients.push(parsed.address);
    ctx.send(reply(250, '2.1.5', 'Accepted'));
  },
};
