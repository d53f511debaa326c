/**
 * The MIME layer: one synchronous pass over a stored message's bytes gives the part tree with
 * byte offsets, from which FETCH takes ENVELOPE, BODY/BODYSTRUCTURE and BODY[section] and SEARCH
 * takes header values and decoded text. Nothing here throws on any input.
 */
export { parseMessage, getParsed, isParsed } from './parse.js';
export { envelope, searchableAddresses } from './envelope.js';
export { bodyStructure } from './body-structure.js';
export { getSection, resolvePart, partial } from './section.js';
export { binaryContent, type BinaryContent } from './binary.js';
export { previewText, PREVIEW_MAX_CHARS } from './preview.js';
export { foldText, foldedTextForSearch, headerValues, MAX_SEARCH_TEXT_CHARS, searchTextsComputed, textForSearch, type SearchText } from './search-text.js';
export { decodeEncodedWords } from './transfer-decoding.js';
export {
  MAX_BOUNDARY_OCTETS,
  MAX_CONTENT_FIELD_CHARS,
  MAX_HEADER_FIELDS,
  MAX_MIME_DEPTH,
  MAX_MIME_PARTS,
} from './limits.js';
export type {
  AdjacentData,
  HeaderBlock,
  HeaderField,
  ImapData,
  MimeDisposition,
  MimeParam,
  MimePart,
  ParsedMessage,
  SectionSpec,
  SectionText,
} from './types.js';
