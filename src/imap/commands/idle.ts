import { defineCommand } from '../command.js';
import { bad } from '../errors.js';
import { AUTHENTICATED } from '../session.js';
import { isIdleDone, parseNoArgs } from '../syntax/index.js';

/**
 * IDLE (RFC 2177): every change to the selected mailbox — by another session, POP3 at QUIT, SMTP
 * delivery — is pushed at once as EXISTS, EXPUNGE or FETCH (FLAGS), until the client sends DONE.
 */
export const idle = defineCommand({
  name: 'IDLE',
  states: AUTHENTICATED,
  parse: (command) => parseNoArgs(command.args, 'IDLE'),
  handle(ctx) {
    ctx.continuation('idling');
    ctx.session.idling = true;
    ctx.flush();
    return {
      onLine(lineCtx, line) {
        lineCtx.session.idling = false;
        if (!isIdleDone(line)) throw bad('Expected DONE to end IDLE');
        lineCtx.complete('IDLE terminated');
        return 'done';
      },
    };
  },
});
