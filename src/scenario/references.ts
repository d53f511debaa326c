import { ALL as ALL_MESSAGES_SELECTOR } from '../devices/select.js';
import { subjectsNamed } from './checks.js';
import type { Diagnostic } from './diagnostics.js';
import { deliveredSubjects } from './messages.js';
import type { Step } from './schema.js';
import type { ScenarioSource } from './source.js';
import { editDistance, withSuggestion } from './suggest.js';
import type { ScenarioAccount, ScenarioVariant } from './types.js';

/** The keyword that makes `sync:` mean every device. */
export const ALL_DEVICES = 'all';

interface Parts {
  accounts: readonly ScenarioAccount[];
  variants: readonly ScenarioVariant[];
  steps: readonly Step[];
}

/**
 * Checks what the schema cannot: that steps name devices, accounts and subjects that exist.
 * A subject that no `deliver` step produces is a typo; a message a device lacks at run time
 * is the lesson, and is reported by the run, not here.
 */
export function checkReferences(source: ScenarioSource, parts: Parts, out: Diagnostic[], warnings: Diagnostic[] = []): void {
  const deviceNames = [...(parts.variants[0]?.devices.keys() ?? [])];
  const accountNames = parts.accounts.map((a) => a.address);
  const subjects = new Set<string>();
  for (const step of parts.steps) if (step.kind === 'deliver') for (const s of deliveredSubjects(step.args)) subjects.add(s);

  parts.steps.forEach((step, index) => {
    const at = ['steps', index, step.kind] as const;
    const checkDevice = (name: string, path: readonly (string | number)[]): void => {
      if (!deviceNames.includes(name)) {
        out.push(source.diagnostic(path, withSuggestion(`unknown device "${name}"`, name, deviceNames), `devices: ${deviceNames.join(', ')}`));
      }
    };
    switch (step.kind) {
      case 'deliver':
        if (step.args.to === undefined) {
          if (parts.accounts.length > 1) out.push(source.diagnostic(at, 'deliver needs "to:" when the scenario has several accounts', `accounts: ${accountNames.join(', ')}`));
        } else if (!accountNames.includes(step.args.to)) {
          out.push(source.diagnostic([...at, 'to'], withSuggestion(`unknown account "${step.args.to}"`, step.args.to, accountNames), 'mail can only be delivered to accounts declared under "accounts:"'));
        }
        break;
      case 'sync': {
        const names = typeof step.args === 'string' ? [step.args] : step.args;
        names.forEach((name, i) => {
          if (name !== ALL_DEVICES) checkDevice(name, typeof step.args === 'string' ? at : [...at, i]);
        });
        break;
      }
      case 'offline':
      case 'online':
        checkDevice(step.args, at);
        break;
      case 'read':
      case 'unread':
      case 'flag':
      case 'unflag':
      case 'delete':
      case 'move': {
        checkDevice(step.args.device, [...at, 'device']);
        const selector = step.args.message;
        if (typeof selector === 'string' && selector !== ALL_MESSAGES_SELECTOR && !subjects.has(selector)) {
          out.push(
            source.diagnostic([...at, 'message'], withSuggestion(`no deliver step sends a message with subject "${selector}"`, selector, subjects), 'choose a message by its exact subject, by its position (1 = oldest), or "*" for all'),
          );
        }
        break;
      }
      case 'advance':
      case 'note':
        break;
    }
  });
  checkExpectations(source, parts, deviceNames, accountNames, subjects, out, warnings);
}

function checkExpectations(
  source: ScenarioSource,
  parts: Parts,
  deviceNames: readonly string[],
  accountNames: readonly string[],
  subjects: ReadonlySet<string>,
  out: Diagnostic[],
  warnings: Diagnostic[],
): void {
  const reported = new Set<string>();
  const report = (path: readonly (string | number)[], message: string, hint: string, at: 'key' | 'value' = 'value', to: Diagnostic[] = out): void => {
    const d = source.diagnostic(path, message, hint, at);
    // Top-level checks repeat once per variant; say each once.
    const key = `${d.line}:${d.col}:${d.message}`;
    if (!reported.has(key)) {
      reported.add(key);
      to.push(d);
    }
  };
  for (const variant of parts.variants) {
    for (const check of variant.checks) {
      if (check.kind === 'verdict') continue;
      if (check.kind === 'converged') {
        if (check.devices === 'all') continue;
        const unknown = check.devices.filter((name) => !deviceNames.includes(name));
        check.devices.forEach((name, i) => {
          if (unknown.includes(name)) report([...check.path, 'devices', i], withSuggestion(`unknown device "${name}"`, name, deviceNames), `devices: ${deviceNames.join(', ')}`);
        });
        if (unknown.length > 0) continue;
        const accounts = new Set(check.devices.map((name) => variant.devices.get(name)?.account));
        if (accounts.size > 1) report([...check.path, 'devices'], `converged compares devices of one account, but these use ${[...accounts].join(' and ')}`, 'name devices that check the same account');
        continue;
      }
      const target = check.target;
      if (target.kind === 'device' && !deviceNames.includes(target.device)) {
        report(check.entryPath, withSuggestion(`expect names unknown device "${target.device}"`, target.device, deviceNames), `devices: ${deviceNames.join(', ')}`, 'key');
        continue;
      }
      if (target.kind === 'server' && !accountNames.includes(target.account)) {
        report(check.entryPath, withSuggestion(`expect names unknown account "${target.account}"`, target.account, accountNames), `accounts: ${accountNames.join(', ')}`, 'key');
        continue;
      }
      for (const { subject, path } of subjectsNamed(check)) {
        if (check.kind === 'absent') {
          // "Spam never arrives" is a fine check; only a near miss of a delivered subject looks like a typo.
          const near = [...subjects].find((s) => editDistance(s.toLowerCase(), subject.toLowerCase()) === 1);
          if (!subjects.has(subject) && near !== undefined) {
            report(path, `absent: no deliver step sends "${subject}", so this always passes; did you mean "${near}"?`, 'absent: may name a subject that is never delivered; this one is one letter away from one that is', 'value', warnings);
          }
          continue;
        }
        if (!subjects.has(subject)) {
          report(path, withSuggestion(`no deliver step sends a message with subject "${subject}"`, subject, subjects), 'expectations name messages by their exact subject', check.kind === 'message' ? 'key' : 'value');
        }
      }
    }
  }
}
