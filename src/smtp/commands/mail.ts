import type { SmtpCommand } from '../command.js';
import { parsePath, type PathParameters } from '../paths.js';
import { reply, type SmtpReply } from '../reply.js';

/** MAIL FROM:<path> [parameters] (RFC 5321 4.1.1.2): starts a mail transaction. */
export const mail: SmtpCommand = {
  name: 'MAIL',
  beforeHello: false,
  handle(ctx, args) {
    const state = ctx.state;
    if (state.kind !== 'greeted') return;
    if (state.transaction) return ctx.send(reply(503, '5.5.1', 'Error: nested MAIL command'));
    const parsed = parsePath(args, 'FROM');
    if (!parsed) return ctx.refuse(reply(501, '5.1.7', 'Error: Bad sender address syntax'));
    const problem = parameterProblem(parsed.parameters, ctx.host.maxMessageSize);
    if (problem) return ctx.send(problem);
    ctx.setState({ ...state, transaction: { from: parsed.address, recipients: [] } });
    ctx.send(reply(250, '2.1.0', 'Accepted'));
  },
};

/** MAIL FROM's parameters: SIZE (RFC 1870), BODY (RFC 6152), SMTPUTF8 (RFC 6531), AUTH (RFC 4954 5). */
function parameterProblem(parameters: PathParameters, maxMessageSize: number): SmtpReply | undefined {
  for (const [key, value] of parameters) {
    switch (key) {
      case 'SIZE':
        if (value === undefined || !/^\d{1,20}$/.test(value)) return reply(501, '5.5.4', 'Error: Bad SIZE parameter');
        if (Number(value) > maxMessageSize) return reply(552, '5.3.4', `Error: message exceeds fixed maximum message size ${maxMessageSize}`);
        break;
      case 'BODY':
        if (value === undefined || !['7BIT', '8BITMIME', 'BINARYMIME'].includes(value.toUpperCase())) return reply(501, '5.5.4', 'Error: BODY takes 7BIT or 8BITMIME');
        // BINARYMIME (RFC 3030 3) is only for BDAT; it is not offered, so not accepted.
        if (value.toUpperCase() === 'BINARYMIME') return reply(555, '5.5.4', 'Error: BODY=BINARYMIME is not supported');
        break;
      case 'SMTPUTF8':
        if (value !== undefined) return reply(501, '5.5.4', 'Error: SMTPUTF8 takes no value');
        break;
      case 'AUTH':
        // Who the message was submitted by, for relaying servers; nothing to do with it here.
        break;
      default:
        return reply(555, '5.5.4', `Error: MAIL FROM parameter ${key} is not supported`);
    }
  }
  return undefined;
}
