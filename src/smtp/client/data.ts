const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;

const INSERT_LF = Buffer.from('\n');
const INSERT_LF_DOT = Buffer.from('\n.');
const INSERT_CR = Buffer.from('\r');
const INSERT_DOT = Buffer.from('.');
const END_AFTER_LF = Buffer.from('.\r\n');
const END_AFTER_CR = Buffer.from('\n.\r\n');
const END_OTHERWISE = Buffer.from('\r\n.\r\n');

/**
 * A message as SMTP DATA carries it (RFC 5321 4.5.2 and 2.3.8): CRLF line ends only (a bare CR or
 * a bare LF becomes CRLF), a dot doubled at the start of every line, then the CRLF.CRLF that ends
 * the data. A dot after a bare CR is doubled too, so a receiver that took the CR for a line end
 * could never see "\r.\r" as the end (SMTP smuggling).
 *
 * These are exactly the rules of nodemailer's DataStream, which delivered mailsim's mail before this
 * client did: the stored bytes, and so every size, report and trace, stay what they were
 * (test/smtp/client/data.test.ts compares the two on random input). Views of `raw` are kept where
 * nothing is inserted; a message that needs no change costs one copy.
 */
export function smtpData(raw: Buffer): Buffer {
  return lineForm(raw, true);
}

const END_LF = Buffer.from('\n');
const END_CRLF = Buffer.from('\r\n');

/**
 * What a server stores of `smtpData(raw)`: the same CRLF line ends, ending with one, without the
 * doubled dots and the final dot. Sent as it is with BDAT (RFC 3030), which carries octets
 * unchanged, so a message stores the same whichever way it was delivered.
 */
export function crlfMessage(raw: Buffer): Buffer {
  return lineForm(raw, false);
}

function lineForm(raw: Buffer, stuffDots: boolean): Buffer {
  const pieces: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    const previous = i === 0 ? undefined : raw[i - 1];
    let insert: Buffer | undefined;
    if (previous === CR && byte !== LF) insert = byte === DOT && stuffDots ? INSERT_LF_DOT : INSERT_LF;
    else if (byte === LF && previous !== CR) insert = INSERT_CR;
    else if (stuffDots && byte === DOT && (previous === LF || previous === undefined)) insert = INSERT_DOT;
    if (insert === undefined) continue;
    if (i > from) pieces.push(raw.subarray(from, i));
    pieces.push(insert);
    from = i;
  }
  if (from < raw.length) pieces.push(raw.subarray(from));
  const last = raw.length === 0 ? undefined : raw[raw.length - 1];
  if (stuffDots) pieces.push(last === LF ? END_AFTER_LF : last === CR ? END_AFTER_CR : END_OTHERWISE);
  else if (last !== LF) pieces.push(last === CR ? END_LF : END_CRLF);
  return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
}
