import { reply } from '../reply.js';

/** Replies more than one command gives. */
export const SEND_HELO_FIRST = reply(503, '5.5.1', 'Error: send HELO/EHLO first');
/** AUTH, BDAT and STARTTLS are extensions: a client that greeted with HELO may not use them (RFC 5321 2.2.1). */
export const NEEDS_EHLO = reply(503, '5.5.1', 'Error: this is an ESMTP extension: greet with EHLO, not HELO');
export const NEED_MAIL = reply(503, '5.5.1', 'Error: need MAIL command');
