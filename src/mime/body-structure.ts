import { envelopeOf } from './envelope.js';
import type { ImapData, MimeDisposition, MimePart, MimeParam, ParsedMessage } from './types.js';

/**
 * BODY (extended = false) or BODYSTRUCTURE (extended = true) of a stored message, following the
 * body grammar of RFC 3501 section 9.
 *
 * Spelling: media type, subtype, transfer encoding and disposition type are sent in upper case
 * ("TEXT" "PLAIN" ... "7BIT"), as in the RFC 3501 7.4.2 example and as Gmail and Cyrus send them;
 * parameter names are sent as the header spelled them and values decoded to UTF-8 (RFC 2231).
 * Sizes are octets of the stored bytes, exactly what BODY[n] returns.
 */
export function bodyStructure(parsed: ParsedMessage, extended: boolean): ImapData[] {
  return partStructure(parsed.root, extended);
}

function partStructure(part: MimePart, extended: boolean): ImapData[] {
  return part.type === 'multipart' ? multipartStructure(part, extended) : singleStructure(part, extended);
}

/** body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart] */
function multipartStructure(part: MimePart, extended: boolean): ImapData[] {
  // The parts follow each other with no SP between them (1*body).
  const data: ImapData[] = [{ adjacent: part.children.map((child) => partStructure(child, extended)) }, part.subtype.toUpperCase()];
  if (extended) {
    // body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc ...]]]
    data.push(paramList(part.params), disposition(part.disposition), languages(part.language), part.location);
  }
  return data;
}

/** body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part] */
function singleStructure(part: MimePart, extended: boolean): ImapData[] {
  const data: ImapData[] = [
    part.type.toUpperCase(),
    part.subtype.toUpperCase(),
    paramList(part.params),
    part.id,
    part.description,
    part.encoding.toUpperCase(),
    part.size,
  ];
  if (part.message !== null) {
    // body-type-msg adds the envelope and body of the encapsulated message, then its lines.
    data.push(envelopeOf(part.message.headers), partStructure(part.message, extended), part.lines);
  } else if (part.type === 'text') {
    data.push(part.lines);
  }
  if (extended) {
    // body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc ...]]]
    data.push(part.md5, disposition(part.disposition), languages(part.language), part.location);
  }
  return data;
}

/** body-fld-param: ("name" "value" ...) or NIL when there are none. */
function paramList(params: readonly MimeParam[]): ImapData {
  if (params.length === 0) return null;
  return params.flatMap((param) => [param.name, param.value]);
}

/** body-fld-dsp: ("TYPE" params) or NIL. */
function disposition(value: MimeDisposition | null): ImapData {
  return value === null ? null : [value.type.toUpperCase(), paramList(value.params)];
}

/** body-fld-lang: always sent as a list, which the grammar allows for one tag too. */
function languages(tags: readonly string[] | null): ImapData {
  return tags === null ? null : [...tags];
}
