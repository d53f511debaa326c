import { defineCommand } from '../command.js';
import { bad, no } from '../errors.js';
import { AUTHENTICATED } from '../session.js';
import { ArgReader } from '../syntax/index.js';

/**
 * COMPRESS DEFLATE (RFC 4978): the tagged OK is the last uncompressed response; from then on both
 * directions are DEFLATE. A second COMPRESS is NO [COMPRESSIONACTIVE]. Offered after login, as
 * imapflow and Dovecot use it; the transcript shows the lines before compression.
 */
export const compress = defineCommand({
  name: 'COMPRESS',
  states: AUTHENTICATED,
  parse(command) {
    const reader = new ArgReader(command.args, 'COMPRESS');
    const mechanism = reader.atom('a compression mechanism (DEFLATE)').toUpperCase();
    reader.end();
    if (mechanism !== 'DEFLATE') throw bad(`COMPRESS: unknown mechanism ${mechanism}; this server offers DEFLATE`);
    return mechanism;
  },
  handle(ctx) {
    if (ctx.compressed) throw no('Compression is already on', 'COMPRESSIONACTIVE');
    ctx.compressAfterReply();
    ctx.complete('DEFLATE active');
  },
});
