import { defineCommand, onlyWithUid } from '../command.js';
import { bad } from '../errors.js';
import { searchMessages } from '../search-eval.js';
import { SELECTED } from '../session.js';
import { comparatorOf } from '../sort/comparators.js';
import { MessageKeys } from '../sort/message-keys.js';
import { formatThreads, orderedSubject, referencesThreads, type ThreadNode } from '../sort/threading.js';
import { atom, parseThreadArgs, Verbatim, type ThreadArgs } from '../syntax/index.js';
import { checkSearchFeatures } from './search.js';

type Algorithm = { readonly id: 'THREAD=ORDEREDSUBJECT' | 'THREAD=REFERENCES' | 'THREAD=REFS'; readonly run: (keys: MessageKeys[]) => ThreadNode[] };

/** The algorithms by name, each offered when its THREAD=... piece is on. */
const ALGORITHMS: Readonly<Record<string, Algorithm>> = {
  ORDEREDSUBJECT: { id: 'THREAD=ORDEREDSUBJECT', run: (keys: MessageKeys[]) => orderedSubject(keys) },
  REFERENCES: { id: 'THREAD=REFERENCES', run: (keys: MessageKeys[]) => referencesThreads(keys, { mergeSubjects: true, threadOrder: 'root' }) },
  REFS: { id: 'THREAD=REFS', run: (keys: MessageKeys[]) => referencesThreads(keys, { mergeSubjects: false, threadOrder: 'newest' }) },
};

/**
 * THREAD and UID THREAD (RFC 5256 4-5): `* THREAD (2)(3 6 (4 23)(44 7 96))` for the matching
 * messages, by the algorithm asked for. Nothing matched: `* THREAD` alone.
 */
export const thread = defineCommand({
  name: 'THREAD',
  states: SELECTED,
  allowsExpunge: onlyWithUid,
  parse(command, features): ThreadArgs & { readonly run: Algorithm['run'] } {
    const args = parseThreadArgs(command.args, { uid: command.uid });
    const algorithm = Object.hasOwn(ALGORITHMS, args.algorithm) ? ALGORITHMS[args.algorithm] : undefined;
    const offered = Object.entries(ALGORITHMS).filter(([, a]) => features.has(a.id)).map(([name]) => name);
    if (!algorithm || !features.has(algorithm.id)) throw bad(`THREAD: unknown threading algorithm ${args.algorithm}; this server offers ${offered.join(', ')}`);
    checkSearchFeatures(args.criteria, undefined, features, 'SEARCH');
    return { ...args, run: algorithm.run };
  },
  handle(ctx, { criteria, run }) {
    const comparator = comparatorOf(ctx.features);
    const found = searchMessages(ctx.session.selected, criteria, ctx.clock.now());
    const roots = run(found.map((n) => new MessageKeys(n.seq, n.message, comparator)));
    const text = formatThreads(roots, (keys) => (ctx.uid ? keys.message.uid : keys.seq));
    ctx.send(...(text === '' ? [atom('THREAD')] : [atom('THREAD'), new Verbatim(Buffer.from(text, 'latin1'))]));
  },
});
