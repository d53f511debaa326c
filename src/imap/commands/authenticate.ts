import { defineCommand, type CommandContext } from '../command.js';
import { bad, ImapCommandError } from '../errors.js';
import { parseAuthenticateArgs, parseSaslResponse } from '../syntax/index.js';
import { authenticate as logIn } from './login.js';

/**
 * AUTHENTICATE PLAIN (RFC 3501 6.2.2, RFC 4616), with or without a SASL-IR initial response
 * (RFC 4959). imapflow sends none: it waits for "+ " and answers with one base64 line.
 */
export const authenticate = defineCommand({
  name: 'AUTHENTICATE',
  states: ['not-authenticated'],
  parse(command, features) {
    const args = parseAuthenticateArgs(command.args);
    if (args.initialResponse !== undefined) features.require('SASL-IR', 'An initial response on the AUTHENTICATE line');
    return args;
  },
  handle(ctx, { mechanism, initialResponse }) {
    if (mechanism !== 'PLAIN' || !ctx.features.has('AUTH=PLAIN')) {
      const offered = ctx.features.has('AUTH=PLAIN') ? '; use PLAIN' : '; use LOGIN';
      throw new ImapCommandError('NO', `Unsupported mechanism ${mechanism}${offered}`, { code: 'CANNOT' });
    }
    if (initialResponse !== undefined) {
      plain(ctx, initialResponse);
      return;
    }
    ctx.continuation('');
    return {
      onLine(lineCtx, line) {
        const response = parseSaslResponse(line);
        if (response.kind === 'cancel') throw bad('AUTHENTICATE cancelled');
        plain(lineCtx, response.data);
        return 'done';
      },
    };
  },
});

/** PLAIN message: [authzid] NUL authcid NUL passwd. We do not act for others: authzid must be empty or the same user. */
function plain(ctx: CommandContext, data: Buffer): void {
  const parts = data.toString('utf8').split('\0');
  if (parts.length !== 3) throw bad('PLAIN response must be authzid NUL authcid NUL password');
  const [authzid, authcid, password] = parts as [string, string, string];
  if (authzid !== '' && authzid.toLowerCase() !== authcid.toLowerCase()) {
    throw new ImapCommandError('NO', 'Acting as another user is not supported', { code: 'AUTHORIZATIONFAILED' });
  }
  logIn(ctx, authcid, password);
}
