/**
 * SELECT / EXAMINE arguments (RFC 3501 6.3.1-2) with the select parameters of RFC 4466, of which
 * we know CONDSTORE (RFC 7162 3.1.8):  SELECT mailbox [SP "(" select-param *(SP select-param) ")"]
 */
import { ArgReader, type NameEncoding } from './args.js';
import { syntaxError } from './errors.js';
import type { SequenceSet } from './sequence-set.js';
import { describeToken, type Token } from './tokens.js';

/** QRESYNC (uidvalidity mod-sequence [known-uids [(known-sequence-set known-uid-set)]]), RFC 7162 3.2.5. */
export interface QresyncParams {
  readonly uidValidity: number;
  readonly modseq: bigint;
  readonly knownUids: SequenceSet | undefined;
  /** The client's sequence-to-UID samples; we remember every expunge, so they are only checked. */
  readonly seqMatch: { readonly sequences: SequenceSet; readonly uids: SequenceSet } | undefined;
}

export interface SelectArgs {
  readonly mailbox: string;
  /** (CONDSTORE): the client enables CONDSTORE with this SELECT. */
  readonly condstore: boolean;
  readonly qresync?: QresyncParams;
}

export function parseSelectArgs(args: readonly Token[], command: 'SELECT' | 'EXAMINE' = 'SELECT', names: NameEncoding = 'mutf7'): SelectArgs {
  const reader = new ArgReader(args, command, names);
  const mailbox = reader.mailbox();
  let condstore = false;
  let qresync: QresyncParams | undefined;
  if (reader.hasMore()) {
    const params = new ArgReader(reader.list('select parameters such as (CONDSTORE)'), `${command} parameters`);
    if (!params.hasMore()) throw syntaxError('SYNTAX', `${command}: empty select parameter list`);
    while (params.hasMore()) {
      const token = params.peek();
      const name = token?.kind === 'atom' ? token.value.toUpperCase() : undefined;
      if (name === 'CONDSTORE') {
        params.next('CONDSTORE');
        condstore = true;
      } else if (name === 'QRESYNC') {
        params.next('QRESYNC');
        if (qresync) throw syntaxError('SYNTAX', `${command}: QRESYNC given twice`);
        qresync = parseQresync(params.list('(uidvalidity modseq [known-uids]) after QRESYNC'), command);
      } else {
        // RFC 4466 2.2: an unknown select parameter is BAD.
        throw syntaxError('SYNTAX', `${command}: unknown select parameter ${describeToken(token)}`);
      }
    }
  }
  reader.end();
  return qresync ? { mailbox, condstore, qresync } : { mailbox, condstore };
}

function parseQresync(tokens: readonly Token[], command: string): QresyncParams {
  const reader = new ArgReader(tokens, `${command} QRESYNC`);
  const uidValidity = reader.number('the UIDVALIDITY the client knows', { nonZero: true });
  const modseq = reader.modSeq('the mod-sequence the client knows');
  if (modseq === 0n) throw syntaxError('SYNTAX', `${command} QRESYNC: the mod-sequence must be above 0`);
  let knownUids: SequenceSet | undefined;
  let seqMatch: QresyncParams['seqMatch'];
  if (reader.peek()?.kind === 'atom') knownUids = reader.sequenceSet('the known UIDs');
  if (reader.hasMore()) {
    const match = new ArgReader(reader.list('(known sequence numbers, known UIDs)'), `${command} QRESYNC`);
    const sequences = match.sequenceSet('the known sequence numbers');
    const uids = match.sequenceSet('the UIDs of those sequence numbers');
    match.end();
    seqMatch = { sequences, uids };
  }
  reader.end();
  return { uidValidity, modseq, knownUids, seqMatch };
}
