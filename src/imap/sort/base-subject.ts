/**
 * The base subject of RFC 5256 2.1, which SORT SUBJECT compares and THREAD groups by: the subject
 * with "Re:", "Fwd:", "[list]" leaders, "(fwd)" trailers and "[Fwd: ...]" wrappers taken off.
 * The steps are the RFC's, in its order; the caller has already decoded encoded words.
 */

export interface BaseSubject {
  /** The base subject, not yet case-mapped (the comparator does that). */
  readonly text: string;
  /** Whether a Re:/Fwd: leader, a (fwd) trailer or a [Fwd: ...] wrapper was removed (RFC 5256 5, step 5). */
  readonly replyOrForward: boolean;
}

/** subj-blob = "[" *BLOBCHAR "]" *WSP, BLOBCHAR being any CHAR but "[" and "]". */
const BLOB = /^\[[^[\]]*\][ ]*/;
/** subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":", case-insensitive. */
const REFWD = /^(?:re|fwd?)[ ]*(?:\[[^[\]]*\][ ]*)?:/i;
/** subj-trailer = "(fwd)" / WSP, at the end. */
const TRAILER = /(?:\(fwd\)|[ ])$/i;
/** subj-fwd-hdr = "[fwd:", subj-fwd-trl = "]". */
const FWD_HEADER = /^\[fwd:/i;

export function baseSubject(decoded: string): BaseSubject {
  // (1) Tabs and line continuations become spaces; runs of whitespace one space.
  let text = decoded.replace(/\r?\n[ \t]/g, ' ').replace(/[ \t\r\n]+/g, ' ');
  let replyOrForward = false;
  for (;;) {
    // (2) Remove trailing "(fwd)" and whitespace, repeatedly.
    for (let match = TRAILER.exec(text); match !== null; match = TRAILER.exec(text)) {
      if (match[0] !== ' ') replyOrForward = true;
      text = text.slice(0, text.length - match[0].length);
    }
    // (5) Repeat (3) and (4) until neither changes the subject.
    for (let changed = true; changed; ) {
      changed = false;
      // (3) subj-leader = (*subj-blob subj-refwd) / WSP, repeatedly.
      for (;;) {
        if (text.startsWith(' ')) {
          text = text.slice(1);
          changed = true;
          continue;
        }
        const leader = refwdLeader(text);
        if (leader === 0) break;
        text = text.slice(leader);
        replyOrForward = true;
        changed = true;
      }
      // (4) A leading subj-blob goes, unless the rest would be empty.
      const blob = BLOB.exec(text);
      if (blob !== null && text.length > blob[0].length) {
        text = text.slice(blob[0].length);
        changed = true;
      }
    }
    // (6) "[fwd: ... ]" around everything: unwrap and start again at (2).
    if (FWD_HEADER.test(text) && text.endsWith(']')) {
      text = text.slice('[fwd:'.length, -1);
      replyOrForward = true;
      continue;
    }
    return { text, replyOrForward };
  }
}

/** Length of `*subj-blob subj-refwd` at the start, or 0. */
function refwdLeader(text: string): number {
  let pos = 0;
  for (;;) {
    const refwd = REFWD.exec(text.slice(pos));
    if (refwd !== null) return pos + refwd[0].length;
    const blob = BLOB.exec(text.slice(pos));
    if (blob === null) return 0;
    pos += blob[0].length;
  }
}
