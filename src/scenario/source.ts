import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Diagnostic } from './diagnostics.js';
import { controlCharacterDiagnostic, explainYamlError } from './yaml-errors.js';

export type Path = readonly (string | number)[];

/**
 * A parsed YAML file that can answer "where is this value?" so every scenario error
 * carries file:line:col. Paths are the same keys and indexes zod reports.
 */
export class ScenarioSource {
  readonly document: Document;
  private readonly lines = new LineCounter();
  private readonly aliases: { meant: Path; written: Path }[] = [];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.document = parseDocument(text, { lineCounter: this.lines, prettyErrors: true, uniqueKeys: true });
  }

  /** Characters YAML forbids and YAML syntax errors, already positioned and in our words. */
  syntaxDiagnostics(): Diagnostic[] {
    const control = controlCharacterDiagnostic(this.text, this.lines, this.file);
    if (control) return [control];
    const duplicates = this.duplicateKeys();
    return this.document.errors.flatMap((error) => {
      // yaml places this error at the map; point at each repeated key instead.
      if (error.code === 'DUPLICATE_KEY' && duplicates.length > 0) return duplicates;
      return explainYamlError(error, this.document, this.lines, this.file);
    });
  }

  private duplicateKeys(): Diagnostic[] {
    const found: Diagnostic[] = [];
    visit(this.document, {
      Map: (_, map) => {
        const seen = new Set<string>();
        for (const pair of map.items) {
          if (!isScalar(pair.key)) continue;
          const name = String(pair.key.value);
          if (seen.has(name)) {
            const { line, col } = this.position(pair.key);
            found.push({ file: this.file, line, col, message: `YAML: duplicate key "${name}"`, hint: 'each key may appear once in a map; merge the two entries' });
          }
          seen.add(name);
        }
      },
    });
    return found;
  }

  toJS(): unknown {
    return this.document.toJS({ maxAliasCount: 100 });
  }

  /** Position of the value at `path`, or of its closest existing ancestor. */
  valueAt(path: Path): { line: number; col: number } {
    const node = this.deepestNode(path, false);
    return this.position(node);
  }

  /** Position of the key at the end of `path` (for unknown keys), else of the value. */
  keyAt(path: Path): { line: number; col: number } {
    const node = this.deepestNode(path, true);
    return this.position(node);
  }

  diagnostic(path: Path, message: string, hint?: string, at: 'key' | 'value' = 'value'): Diagnostic {
    const { line, col } = at === 'key' ? this.keyAt(path) : this.valueAt(path);
    return hint === undefined ? { file: this.file, line, col, message } : { file: this.file, line, col, message, hint };
  }

  /**
   * From now on, a path starting with `meant` is looked up under `written`: the loader reads a
   * misspelt `expec:` as `expect:` and still points at what the file says.
   */
  alias(meant: Path, written: Path): void {
    this.aliases.push({ meant, written });
  }

  private unalias(path: Path): Path {
    for (const { meant, written } of this.aliases) {
      if (meant.length <= path.length && meant.every((key, i) => String(path[i]) === String(key))) return [...written, ...path.slice(meant.length)];
    }
    return path;
  }

  private deepestNode(written: Path, wantKey: boolean): Node | undefined {
    const path = this.unalias(written);
    let node: unknown = this.document.contents;
    let found = node as Node | undefined;
    for (let i = 0; i < path.length; i++) {
      const key = path[i]!;
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
        if (!pair) return found;
        if (last && wantKey) return pair.key as Node;
        node = pair.value;
        // `key:` with no value: point at the key rather than the parent map.
        found = (pair.value as Node | null) ?? (pair.key as Node);
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key];
        if (item === undefined) return found;
        node = item;
        found = item as Node;
      } else {
        return found;
      }
    }
    return found;
  }

  private position(node: Node | undefined): { line: number; col: number } {
    const offset = node?.range?.[0];
    if (offset === undefined) return { line: 1, col: 1 };
    return this.lines.linePos(offset);
  }
}
