/**
 * imapflow as a test oracle: runs imapflow's own command modules against a fake connection that
 * records every exec() and compiles it with imapflow's compiler exactly as ImapFlow.send() does.
 * What comes out is the byte stream a real imapflow client writes, literal parts included.
 */
import compiler from 'imapflow/lib/handler/imap-compiler.js';
import type { ImapFlow } from 'imapflow';

export interface SentCommand {
  readonly command: string;
  /** The pieces ImapFlow writes: the first, then one after each "+" continuation. */
  readonly parts: Buffer[];
  /** All pieces joined: the bytes the server receives in total. */
  readonly wire: Buffer;
  /** Raw lines written after a "+" continuation the fake server offered (AUTHENTICATE answers). */
  readonly lines: Buffer[];
}

export interface FakeOptions {
  capabilities?: string[];
  enabled?: string[];
  /** Connection state imapflow believes it is in; commands check it before sending. */
  state?: 'NOT_AUTHENTICATED' | 'AUTHENTICATED' | 'SELECTED';
}

const noop = (): void => {};

/** Runs `action` with a fake connection and returns what imapflow sent. */
export async function imapflowSends(action: (connection: ImapFlow) => Promise<unknown>, options: FakeOptions = {}): Promise<SentCommand[]> {
  const sent: SentCommand[] = [];
  const capabilities = new Map<string, boolean>((options.capabilities ?? ['IMAP4rev1']).map((name) => [name, true]));
  const states = { NOT_AUTHENTICATED: 1, AUTHENTICATED: 2, SELECTED: 3, LOGOUT: 4 };
  let tagCounter = 0;
  const connection = {
    id: 'test',
    states,
    state: states[options.state ?? 'SELECTED'],
    capabilities,
    enabled: new Set(options.enabled ?? []),
    authCapabilities: new Map(),
    folders: new Map([['INBOX', { path: 'INBOX', delimiter: '/', flags: new Set() }]]),
    mailbox: { path: 'INBOX', exists: 10, uidValidity: 1n, permanentFlags: new Set(['\\*']), flags: new Set() },
    log: { warn: noop, debug: noop, trace: noop, error: noop, info: noop },
    /** ImapFlow's public method, which expunge() calls before UID EXPUNGE; it runs STORE. */
    async messageFlagsAdd(range: string, flags: string[], storeOptions: object) {
      const { default: store } = await import('imapflow/lib/commands/store.js');
      return store(connection as unknown as ImapFlow, range, flags, { ...storeOptions, operation: 'add' });
    },
    /** SELECT runs LIST first for unknown folders; an empty answer is enough. */
    async run() {
      return [];
    },
    /** ImapFlow.write(): a string gets CRLF appended and is sent as latin1. */
    write(chunk: string) {
      sent[sent.length - 1]?.lines.push(Buffer.from(chunk + '\r\n', 'latin1'));
    },
    async exec(command: string, attributes: unknown, execOptions?: { onPlusTag?: (response: unknown) => Promise<void> }) {
      const tag = (++tagCounter).toString(16).toUpperCase();
      const parts = compiler({ tag, command, attributes: attributes as never }, {
        asArray: true,
        literalMinus: capabilities.has('LITERAL-') || capabilities.has('LITERAL+'),
      });
      const crlfParts = parts.map((part, i) => (i === parts.length - 1 ? Buffer.concat([part, Buffer.from('\r\n')]) : part));
      sent.push({ command, parts: crlfParts, wire: Buffer.concat(crlfParts), lines: [] });
      // Offer one continuation, as our server does for AUTHENTICATE without an initial response.
      if (execOptions?.onPlusTag) await execOptions.onPlusTag({ tag: '+', attributes: [{ type: 'TEXT', value: '' }] });
      return { next: noop, response: { attributes: [] } };
    },
  };
  await action(connection as unknown as ImapFlow);
  return sent;
}
