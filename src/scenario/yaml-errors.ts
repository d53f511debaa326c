import { visit, type Document, type LineCounter, type Node, type YAMLError } from 'yaml';
import type { Diagnostic } from './diagnostics.js';

/**
 * The yaml library's syntax errors, in our words and at the place to fix. An unclosed `{` or `[`
 * is reported where it opens (the library notices only at the next key, lines later); the rest
 * get a plain sentence and a hint. A code we have no words for keeps the library's sentence.
 */
export function explainYamlError(error: YAMLError, document: Document, lines: LineCounter, file: string): Diagnostic {
  const at = (offset: number): { line: number; col: number } => lines.linePos(offset);
  const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
  const diagnostic = (where: { line: number; col: number }, message: string, hint?: string): Diagnostic => ({ file, ...where, message, ...(hint ? { hint } : {}) });
  const libraryWords = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');

  const unclosed = /end with an? ([}\]])/.exec(libraryWords)?.[1];
  if (unclosed && (error.code === 'BAD_INDENT' || error.code === 'MISSING_CHAR')) {
    const opener = unclosedFlowCollection(document, error.pos[0], unclosed === '}' ? 'map' : 'seq');
    const open = unclosed === '}' ? '{' : '[';
    if (opener !== undefined) {
      return diagnostic(at(opener), `this "${open}" is never closed: end it with "${unclosed}"`, `a ${open} … ${unclosed} ${unclosed === '}' ? 'map' : 'list'} closes on the line it opens, or its later lines are indented more than the key it belongs to`);
    }
  }
  switch (error.code) {
    case 'MULTIPLE_DOCS':
      return diagnostic(pos, 'a scenario is one YAML document, and a second one starts here', 'remove this "---" line (and what follows it), or put each scenario in its own file');
    case 'TAB_AS_INDENT':
      return diagnostic(pos, 'a tab indents this line; YAML indents with spaces only', 'replace the tab with spaces, as many as the lines around it use');
    case 'BLOCK_AS_IMPLICIT_KEY':
      return diagnostic(pos, 'a second ": " on one line', 'put quotes around a value that contains ": ", e.g. subject: "Re: lunch"');
    case 'MULTILINE_IMPLICIT_KEY':
      return diagnostic(pos, 'a key runs over more than one line', 'end each key with ":" on its own line; put quotes around a value that spans lines');
    case 'MISSING_CHAR':
      if (/quote/.test(libraryWords)) {
        const opener = unclosedQuote(document, error.pos[0]);
        return diagnostic(opener === undefined ? pos : at(opener), 'this quoted text is never closed', 'add the matching closing quote where the text ends');
      }
      break;
    case 'BAD_INDENT':
      if (/same column/.test(libraryWords)) return diagnostic(pos, 'this key is not lined up with the keys above it', 'indent it by the same number of spaces as the other keys of its map');
      break;
    default:
      break;
  }
  return diagnostic(pos, `YAML: ${libraryWords}`);
}

/**
 * The start offset of the innermost flow map or list (`{` / `[`) that ends where the parser gave
 * up, i.e. the one left open.
 */
function unclosedFlowCollection(document: Document, errorOffset: number, kind: 'map' | 'seq'): number | undefined {
  let best: number | undefined;
  const consider = (node: Node & { flow?: boolean }): void => {
    const range = node.range;
    if (!node.flow || !range || range[1] !== errorOffset) return;
    if (best === undefined || range[0] > best) best = range[0];
  };
  visit(document, {
    Map: (_, node) => (kind === 'map' ? consider(node) : undefined),
    Seq: (_, node) => (kind === 'seq' ? consider(node) : undefined),
  });
  return best;
}

/** The start offset of the quoted scalar that runs to where the parser gave up. */
function unclosedQuote(document: Document, errorOffset: number): number | undefined {
  let found: number | undefined;
  visit(document, {
    Scalar: (_, node) => {
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && node.range?.[1] === errorOffset) found = node.range[0];
    },
  });
  return found;
}

/** Control characters YAML does not allow in a file (YAML 1.2 c-printable): C0 but tab, LF, CR; and DEL. */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/**
 * One diagnostic for the first control character in `text`, if any. A NUL usually means the file
 * is not UTF-8 at all (UTF-16, or binary), which the YAML parser would otherwise read as strange keys.
 */
export function controlCharacterDiagnostic(text: string, lines: LineCounter, file: string): Diagnostic | undefined {
  const found = [...text.matchAll(CONTROL)];
  const first = found[0];
  if (!first) return undefined;
  const code = `U+${first[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  const more = found.length > 1 ? ` (and ${found.length - 1} more)` : '';
  const nul = first[0] === '\0';
  return {
    file,
    ...lines.linePos(first.index),
    message: `${nul ? 'a NUL byte' : 'a control character'} (${code}) here${more}: a scenario is plain UTF-8 text`,
    hint: nul ? 'if your editor saved the file as UTF-16, save it again as UTF-8; otherwise delete the character' : 'delete the character (it is invisible in most editors)',
  };
}
