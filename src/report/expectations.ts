import type { ExpectationResult, RunResult, VariantResult } from '../scenario/result.js';
import { wrap, type Style } from './style.js';

/** The `expect:` outcome of one variant: a count line, then each check, failures with a diff. */
export function renderExpectations(variant: VariantResult, style: Style, onlyFailures = false): string {
  const c = style.chalk;
  const results = variant.expectations;
  if (results.length === 0) return '';
  const failed = results.filter((r) => !r.passed);
  const where = variant.name === 'default' ? '' : ` (variant ${variant.name})`;
  const counts = `${results.length - failed.length} passed, ${failed.length} failed`;
  const lines = [wrap(style, failed.length > 0 ? c.red(counts) : c.green(counts), `${c.bold(`Expectations${where}`)}: `, '  ')];
  for (const result of onlyFailures ? failed : results) lines.push(...renderOne(result, style));
  return lines.join('\n');
}

function renderOne(result: ExpectationResult, style: Style): string[] {
  const c = style.chalk;
  if (result.passed) return [wrap(style, result.name, `  ${c.green('✓')} `)];
  const lines = [
    wrap(style, `${result.name} ${c.dim(`(line ${result.line})`)}`, `  ${c.red('✗')} `),
    wrap(style, result.expected, '      expected: '),
    wrap(style, c.red(result.actual), '      actual:   '),
  ];
  if (result.detail) lines.push(wrap(style, result.detail, '      '));
  return lines;
}

/** For --quiet: only the variants with failed checks, only their failures. Empty when all passed. */
export function renderFailuresOnly(result: RunResult, style: Style): string {
  const parts = result.variants.filter((v) => v.expectations.some((e) => !e.passed)).map((v) => renderExpectations(v, style, true));
  return parts.length > 0 ? `${parts.join('\n\n')}\n` : '';
}

export function countFailures(result: RunResult): number {
  return result.variants.reduce((n, v) => n + v.expectations.filter((e) => !e.passed).length, 0);
}
