/** A problem in a scenario file, pointing at the line and column of the offending YAML node. */
export interface Diagnostic {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
  readonly message: string;
  /** What the setting means or how to fix it. */
  readonly hint?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.col}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** Thrown by the loader when a scenario cannot run; carries every problem found, in file order. */
export class ScenarioError extends Error {
  readonly code = 'BAD_SCENARIO';
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    const sorted = sortDiagnostics(diagnostics);
    super(sorted.map(formatDiagnostic).join('\n'));
    this.name = 'ScenarioError';
    this.diagnostics = sorted;
  }
}

/** File order: by line, then column. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.line - b.line || a.col - b.col);
}

/** A warning: the scenario runs, but something looks unintended. */
export function formatWarning(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.col}: warning: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}
