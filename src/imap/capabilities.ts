/**
 * What the server advertises. Only what is implemented: no STARTTLS (there is no TLS), no COMPRESS,
 * no QRESYNC, no UTF8=ACCEPT. imapflow enables extensions from this list, so it must be truthful.
 */
export const CAPABILITIES: readonly string[] = [
  'IMAP4rev1',
  'LITERAL+',
  'IDLE',
  'UIDPLUS',
  'MOVE',
  'NAMESPACE',
  'ID',
  'ENABLE',
  'UNSELECT',
  'CHILDREN',
  'SPECIAL-USE',
  'LIST-EXTENDED',
  'LIST-STATUS',
  'STATUS=SIZE',
  'CONDSTORE',
  'AUTH=PLAIN',
];

/** Extensions a client may turn on with ENABLE (RFC 5161); others are ignored, as the RFC says. */
export const ENABLEABLE: readonly string[] = ['CONDSTORE'];
