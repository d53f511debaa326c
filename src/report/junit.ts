import type { RunResult } from '../scenario/result.js';

/**
 * JUnit XML, as CI systems (GitHub, GitLab, Jenkins) display it: one <testsuite> per variant, one
 * <testcase> per expect: check. No timing attributes, so the file is byte-stable across runs.
 */
export function renderJunit(result: RunResult): string {
  const name = result.scenario.name;
  const all = result.variants.flatMap((v) => v.expectations);
  const failures = all.filter((e) => !e.passed).length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(`mailsim ${name}`)}" tests="${all.length}" failures="${failures}" errors="0">`,
  ];
  for (const variant of result.variants) {
    const failed = variant.expectations.filter((e) => !e.passed).length;
    const suite = variant.name === 'default' ? name : `${name} · ${variant.name}`;
    out.push(`  <testsuite name="${attr(suite)}" tests="${variant.expectations.length}" failures="${failed}" errors="0" skipped="0">`);
    for (const e of variant.expectations) {
      const head = `    <testcase classname="${attr(`${name}.${variant.name}`)}" name="${attr(e.name)}" file="${attr(result.scenario.file)}" line="${e.line}"`;
      if (e.passed) {
        out.push(`${head}/>`);
        continue;
      }
      const body = [`expected: ${e.expected}`, `actual:   ${e.actual}`, ...(e.detail ? [e.detail] : []), `at ${result.scenario.file}:${e.line}`].join('\n');
      out.push(`${head}>`, `      <failure type="expectation" message="${attr(`expected ${e.expected}, got ${e.actual}`)}">${text(body)}</failure>`, '    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

/** XML 1.0 cannot carry most control characters at all, escaped or not: drop them. */
function clean(value: string): string {
  return value.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '');
}

function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
