/**
 * What SORT and THREAD read from one message (RFC 5256 3, RFC 5957 2), each computed on first use:
 * a sort of 10,000 messages by ARRIVAL never parses a message.
 */
import addressparser, { type Address } from 'nodemailer/lib/addressparser';
import { decodeEncodedWords, getParsed, type ParsedMessage } from '../../mime/index.js';
import type { Message } from '../../store/message.js';
import { baseSubject, type BaseSubject } from './base-subject.js';
import { casemap, type Comparator } from './comparators.js';
import { parseSentDate } from './sent-date.js';

export type AddressField = 'from' | 'to' | 'cc';

export class MessageKeys {
  private parsedValue?: ParsedMessage;
  private subjectValue?: BaseSubject;
  private sentValue?: number;
  private readonly mapped = new Map<string, string>();

  constructor(
    readonly seq: number,
    readonly message: Message,
    private readonly comparator: Comparator,
  ) {}

  private get parsed(): ParsedMessage {
    return (this.parsedValue ??= getParsed(this.message.raw));
  }

  header(name: string): string | undefined {
    return this.parsed.root.headers.get(name);
  }

  /** RFC 5256 2.2: the Date: header's instant, else the internal date. */
  get sentDate(): number {
    return (this.sentValue ??= parseSentDate(this.header('date') ?? '') ?? this.message.internalDate);
  }

  get baseSubject(): BaseSubject {
    return (this.subjectValue ??= baseSubject(decodeEncodedWords(this.header('subject') ?? '')));
  }

  /** SUBJECT: the base subject, case-mapped. */
  get subjectKey(): string {
    return this.key('subject', () => this.baseSubject.text);
  }

  /** FROM, TO, CC (RFC 5256 3): the addr-mailbox (local part) of the first address. */
  mailboxKey(field: AddressField): string {
    return this.key(field, () => {
      const address = firstAddress(this.header(field));
      if (!address) return '';
      const text = address.address ?? '';
      const at = text.lastIndexOf('@');
      return at === -1 ? text : text.slice(0, at);
    });
  }

  /**
   * DISPLAYFROM, DISPLAYTO (RFC 5957 2): the display name of the first address, decoded; without
   * one, the address itself (addr-mailbox "@" addr-host).
   */
  displayKey(field: 'from' | 'to'): string {
    return this.key(`display-${field}`, () => {
      const address = firstAddress(this.header(field));
      if (!address) return '';
      const name = decodeEncodedWords(address.name ?? '').trim();
      return name !== '' ? name : (address.address ?? '');
    });
  }

  private key(name: string, compute: () => string): string {
    let value = this.mapped.get(name);
    if (value === undefined) this.mapped.set(name, (value = casemap(this.comparator, compute())));
    return value;
  }
}

/** The first mailbox of an address header, groups looked into; undefined when there is none. */
function firstAddress(value: string | undefined): Address | undefined {
  if (value === undefined) return undefined;
  let entries: Address[];
  try {
    entries = addressparser(value);
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const candidates = entry.group ?? [entry];
    for (const candidate of candidates) if (candidate.group === undefined && (candidate.address || candidate.name)) return candidate;
  }
  return undefined;
}
