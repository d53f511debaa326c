import type { SmtpCommand } from '../command.js';
import { MAX_BDAT_SIZE_DIGITS } from '../limits.js';
import { reply } from '../reply.js';
import { notReadyForMessage } from './ready.js';

/** BDAT's arguments: a chunk size (leading zeros allowed: chunk-size = 1*DIGIT), then LAST for the last chunk. */
const BDAT_ARGS = /^ *(\d+)(?: +(LAST))? *$/i;

/**
 * BDAT <size> [LAST] (RFC 3030 2): the chunk follows the command line at once, and is read
 * whatever the answer, since its octets are not commands; so BDAT is taken before EHLO too, to be
 * refused after its chunk.
 */
export const bdat: SmtpCommand = {
  name: 'BDAT',
  beforeHello: true,
  handle(ctx, args) {
    const match = BDAT_ARGS.exec(args);
    // Without a size there is no telling where the chunk ends: what follows is read as commands.
    if (!match) return ctx.refuse(reply(501, '5.5.4', 'Error: Syntax: BDAT size [LAST]'));
    const digits = match[1]!.replace(/^0+(?=\d)/, '');
    if (digits.length > MAX_BDAT_SIZE_DIGITS) {
      ctx.send(reply(421, '4.7.0', `${ctx.host.hostname} Error: BDAT size too large to read past`));
      return ctx.close();
    }
    ctx.readChunk(Number(digits), match[2] !== undefined, notReadyForMessage(ctx.state, true));
  },
};
