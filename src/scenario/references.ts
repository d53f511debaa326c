import { ALL as ALL_MESSAGES_SELECTOR } from '../devices/select.js';
import { subjectsNamed } from './checks.js';
import type { Diagnostic } from './diagnostics.js';
import { deliveredMessages, replySubject } from './messages.js';
import type { Step } from './schema.js';
import type { ScenarioSource } from './source.js';
import { editDistance, withSuggestion } from './suggest.js';
import type { ScenarioAccount, ScenarioVariant } from './types.js';

/** The keyword that makes `sync:` mean every device. */
export const ALL_DEVICES = 'all';

interface Parts {
  accounts: readonly ScenarioAccount[];
  /** Every account and device the file declares, valid or not: naming one is never "unknown". */
  accountNames?: readonly string[];
  deviceNames?: readonly string[];
  variants: readonly ScenarioVariant[];
  steps: readonly Step[];
  /** Subjects of deliver steps that failed validation: not "never sent" on top of their own error. */
  unparsedSubjects?: readonly string[];
}

/**
 * Checks what the schema cannot: that steps name devices, accounts, subjects and message ids that
 * exist. A subject that no step produces is a typo; a message a device lacks at run time is the
 * lesson, and is reported by the run, not here.
 */
export function checkReferences(source: ScenarioSource, parts: Parts, out: Diagnostic[], warnings: Diagnostic[] = []): void {
  const deviceNames = parts.deviceNames ?? [...(parts.variants[0]?.devices.keys() ?? [])];
  const accountNames = parts.accountNames ?? parts.accounts.map((a) => a.address);
  const lists = [parts.steps, ...parts.variants.map((v) => v.steps).filter((steps) => steps !== parts.steps)];
  const { subjects, ids } = knownMessages(source, lists, out);
  for (const subject of parts.unparsedSubjects ?? []) subjects.add(subject);
  const names = new Set([...subjects, ...ids.keys()]);

  for (const step of lists.flat()) {
    if (step.kind === 'wait') continue;
    const at = [...step.path, step.kind] as const;
    const checkDevice = (name: string, path: readonly (string | number)[]): void => {
      if (!deviceNames.includes(name)) {
        out.push(source.diagnostic(path, withSuggestion(`unknown device "${name}"`, name, deviceNames), `devices: ${deviceNames.join(', ')}`));
      }
    };
    const checkMessage = (selector: string | number): void => {
      if (typeof selector === 'string' && selector !== ALL_MESSAGES_SELECTOR && !names.has(selector)) {
        out.push(
          source.diagnostic([...at, 'message'], withSuggestion(`no step sends a message with subject or id "${selector}"`, selector, names), 'choose a message by its exact subject, its id, its position (1 = oldest), or "*" for all'),
        );
      }
    };
    switch (step.kind) {
      case 'deliver': {
        const to = step.args.to === undefined ? [] : typeof step.args.to === 'string' ? [step.args.to] : step.args.to;
        if (step.args.to === undefined) {
          if (accountNames.length > 1) out.push(source.diagnostic(at, 'deliver needs "to:" when the scenario has several accounts', `accounts: ${accountNames.join(', ')}`));
        }
        to.forEach((address, i) => {
          if (!accountNames.includes(address)) {
            const path = typeof step.args.to === 'string' ? [...at, 'to'] : [...at, 'to', i];
            out.push(source.diagnostic(path, withSuggestion(`unknown account "${address}"`, address, accountNames), 'mail can only be delivered to accounts declared under "accounts:"; cc may name anyone'));
          }
        });
        break;
      }
      case 'sync': {
        if (typeof step.args === 'object' && !Array.isArray(step.args)) {
          checkDevice(step.args.device, [...at, 'device']);
          break;
        }
        const list = typeof step.args === 'string' ? [step.args] : step.args;
        list.forEach((name, i) => {
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
      case 'move':
      case 'copy':
      case 'reply':
        checkDevice(step.args.device, [...at, 'device']);
        checkMessage(step.args.message);
        break;
      case 'send':
      case 'set':
        checkDevice(step.args.device, [...at, 'device']);
        break;
      case 'advance':
      case 'note':
        break;
    }
  }
  checkExpectations(source, parts, deviceNames, accountNames, names, out, warnings);
}

/**
 * Every subject and message id the steps produce (delivered, sent, replies as "Re: …"), across
 * the scenario's and the variants' step lists. An id may name only one message.
 */
function knownMessages(source: ScenarioSource, lists: readonly (readonly Step[])[], out: Diagnostic[]): { subjects: Set<string>; ids: Map<string, string> } {
  const subjects = new Set<string>();
  const ids = new Map<string, string>();
  const where = new Map<string, string>();
  const name = (id: string | undefined, subject: string, step: Step, idPath: readonly (string | number)[]): void => {
    subjects.add(subject);
    if (id === undefined) return;
    const first = where.get(id);
    if (first !== undefined && first !== step.path.join('.')) {
      out.push(source.diagnostic(idPath, `message id "${id}" is already used by another step`, 'give each message its own id'));
      return;
    }
    where.set(id, step.path.join('.'));
    ids.set(id, subject);
  };
  for (const steps of lists) {
    for (const step of steps) {
      if (step.kind === 'deliver') for (const m of deliveredMessages(step.args)) name(m.id, m.subject, step, [...step.path, 'deliver', 'id']);
      if (step.kind === 'send') name(step.args.id, step.args.subject, step, [...step.path, 'send', 'id']);
    }
  }
  // Replies last: their subject comes from the message they answer.
  for (const steps of lists) {
    for (const step of steps) {
      if (step.kind !== 'reply') continue;
      const selector = step.args.message;
      const original = typeof selector === 'string' ? (ids.get(selector) ?? (subjects.has(selector) ? selector : undefined)) : undefined;
      if (original !== undefined) name(step.args.id, replySubject(original), step, [...step.path, 'reply', 'id']);
      else if (step.args.id !== undefined) name(step.args.id, `Re: ${String(selector)}`, step, [...step.path, 'reply', 'id']);
    }
  }
  return { subjects, ids };
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
      if (check.kind === 'events') {
        if (check.device !== undefined && !deviceNames.includes(check.device)) {
          report(check.path, withSuggestion(`expect names unknown device "${check.device}"`, check.device, deviceNames), `devices: ${deviceNames.join(', ')}`, 'key');
        }
        continue;
      }
      if (check.kind === 'converged') {
        if (check.devices === 'all') continue;
        const unknown = check.devices.filter((name) => !deviceNames.includes(name));
        check.devices.forEach((name, i) => {
          if (unknown.includes(name)) report([...check.path, 'devices', i], withSuggestion(`unknown device "${name}"`, name, deviceNames), `devices: ${deviceNames.join(', ')}`);
        });
        if (unknown.length > 0) continue;
        const accounts = new Set(check.devices.map((name) => variant.devices.get(name)?.account));
        // A device whose settings are wrong has no account yet; that problem is reported already.
        if (accounts.size > 1 && !accounts.has(undefined)) report([...check.path, 'devices'], `converged compares devices of one account, but these use ${[...accounts].join(' and ')}`, 'name devices that check the same account');
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
            report(path, `absent: no step sends "${subject}", so this always passes; did you mean "${near}"?`, 'absent: may name a subject that is never delivered; this one is one letter away from one that is', 'value', warnings);
          }
          continue;
        }
        if (!subjects.has(subject)) {
          report(path, withSuggestion(`no step sends a message with subject or id "${subject}"`, subject, subjects), 'expectations name messages by their exact subject or their id', check.kind === 'message' ? 'key' : 'value');
        }
      }
    }
  }
}
