import type { SmtpCommand } from '../command.js';
import { reply } from '../reply.js';
import { notReadyForMessage } from './ready.js';

/** DATA (RFC 5321 4.1.1.4): after 354, the message text up to CRLF "." CRLF. */
export const data: SmtpCommand = {
  name: 'DATA',
  beforeHello: false,
  handle(ctx, args) {
    if (args.trim() !== '') return ctx.refuse(reply(501, '5.5.4', 'Error: Syntax: DATA'));
    const notReady = notReadyForMessage(ctx.state, false);
    if (notReady) return ctx.send(notReady);
    if (ctx.state.kind === 'greeted' && ctx.state.transaction?.body) return ctx.send(reply(503, '5.5.1', 'Error: DATA cannot follow BDAT in one transaction (RFC 3030)'));
    ctx.send(reply(354, undefined, 'End data with <CR><LF>.<CR><LF>'));
    ctx.readData();
  },
};
