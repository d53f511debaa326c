import libmime from 'libmime';
import { MAX_CONTENT_FIELD_CHARS } from './limits.js';
import { isToken, trimWsp } from './text.js';
import type { HeaderBlock, MimeDisposition, MimeParam } from './types.js';

/** The MIME fields of one entity, read from its header block. */
export interface ContentFields {
  type: string;
  subtype: string;
  params: readonly MimeParam[];
  encoding: string;
  id: string | null;
  description: string | null;
  md5: string | null;
  location: string | null;
  disposition: MimeDisposition | null;
  language: readonly string[] | null;
}

/**
 * RFC 2045 5.2 default for a missing or syntactically invalid Content-Type. Spelled as in the
 * BODYSTRUCTURE example of RFC 3501 7.4.2, since there is no header to take the spelling from.
 */
export const DEFAULT_TEXT_PARAMS: readonly MimeParam[] = [{ name: 'CHARSET', value: 'US-ASCII' }];

/**
 * Reads Content-Type, -Transfer-Encoding, -ID, -Description, -MD5, -Location, -Disposition and
 * -Language. The first occurrence of each field counts, as in Dovecot. `inDigest` applies the
 * RFC 2046 5.1.5 default: a body part of multipart/digest without Content-Type is message/rfc822.
 */
export function readContentFields(headers: HeaderBlock, inDigest: boolean): ContentFields {
  const field = (name: string) => headers.get(name)?.slice(0, MAX_CONTENT_FIELD_CHARS);
  return {
    ...readContentType(field('content-type'), inDigest),
    encoding: readEncoding(field('content-transfer-encoding')),
    id: nonEmpty(field('content-id')),
    description: nonEmpty(field('content-description')),
    md5: nonEmpty(field('content-md5')),
    location: nonEmpty(field('content-location')),
    disposition: readDisposition(field('content-disposition')),
    language: readLanguage(field('content-language')),
  };
}

function readContentType(
  value: string | undefined,
  inDigest: boolean,
): { type: string; subtype: string; params: readonly MimeParam[] } {
  if (value === undefined) {
    return inDigest
      ? { type: 'message', subtype: 'rfc822', params: [] }
      : { type: 'text', subtype: 'plain', params: DEFAULT_TEXT_PARAMS };
  }
  const { head, params } = parseParameterized(value);
  const slash = head.indexOf('/');
  const type = trimWsp(head.slice(0, slash)).toLowerCase();
  const subtype = trimWsp(head.slice(slash + 1)).toLowerCase();
  if (slash === -1 || !isToken(type) || !isToken(subtype)) {
    return { type: 'text', subtype: 'plain', params: DEFAULT_TEXT_PARAMS };
  }
  // RFC 2046 4.1.2: text without a charset parameter is US-ASCII. Dovecot reports it explicitly.
  if (type === 'text' && !params.some((param) => param.name.toLowerCase() === 'charset')) {
    return { type, subtype, params: [...params, ...DEFAULT_TEXT_PARAMS] };
  }
  return { type, subtype, params };
}

function readEncoding(value: string | undefined): string {
  if (value === undefined) return '7bit';
  const encoding = trimWsp(stripComments(value)).toLowerCase();
  // Dovecot reports an invalid value such as "?invalid" as the default, and so do we.
  return isToken(encoding) ? encoding : '7bit';
}

function readDisposition(value: string | undefined): MimeDisposition | null {
  if (value === undefined) return null;
  const { head, params } = parseParameterized(value);
  const type = trimWsp(head).toLowerCase();
  return isToken(type) ? { type, params } : null;
}

function readLanguage(value: string | undefined): readonly string[] | null {
  if (value === undefined) return null;
  const tags = stripComments(value)
    .split(/[\s,]+/)
    .filter((tag) => tag !== '');
  return tags.length > 0 ? tags : null;
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

/** Removes RFC 822 comments; `[^()]*` cannot backtrack, so this is linear. */
function stripComments(value: string): string {
  return value.includes('(') ? value.replace(/\([^()]*\)/g, ' ') : value;
}

/**
 * Splits `value; name=value; ...` with libmime, which joins RFC 2231 continuations and decodes
 * charset'lang'%XX values to UTF-8. libmime lowercases parameter names; we restore the spelling
 * the header used so BODYSTRUCTURE can report names as given.
 */
function parseParameterized(value: string): { head: string; params: MimeParam[] } {
  let parsed: { value: string; params: Record<string, string> };
  try {
    parsed = libmime.parseHeaderValue(value, { stripComments: true });
  } catch {
    return { head: value, params: [] };
  }
  const spellings = parameterNameSpellings(value);
  const params: MimeParam[] = [];
  for (const [key, paramValue] of Object.entries(parsed.params)) {
    if (key === '' || typeof paramValue !== 'string') continue;
    params.push({ name: spellings.get(key) ?? key, value: paramValue });
  }
  return { head: parsed.value, params };
}

/**
 * Lowercased parameter name -> its first spelling in the header, with RFC 2231 section and
 * charset markers (`*0*`, `*`) removed. A quote-aware split on `;`, linear in the value's length.
 */
function parameterNameSpellings(value: string): Map<string, string> {
  const spellings = new Map<string, string>();
  const remember = (segment: string): void => {
    const eq = segment.indexOf('=');
    const name = trimWsp((eq === -1 ? segment : segment.slice(0, eq)).replace(/\*.*$/s, ''));
    const key = name.toLowerCase();
    if (name !== '' && !spellings.has(key)) spellings.set(key, name);
  };
  let inQuotes = false;
  let segmentStart = -1; // -1 while still in the media type, before the first `;`
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (inQuotes && ch === '\\') {
      i++;
    } else if (ch === '"') {
      inQuotes = !inQuotes;
    } else if (ch === ';' && !inQuotes) {
      if (segmentStart !== -1) remember(value.slice(segmentStart, i));
      segmentStart = i + 1;
    }
  }
  if (segmentStart !== -1) remember(value.slice(segmentStart));
  return spellings;
}
