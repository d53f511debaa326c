import {
  NEUTRAL_IMAP,
  NEUTRAL_POP3,
  type DeviceSettings,
  type DeviceSettingsWritten,
  type ImapDeviceSettings,
  type ImapSettingsWritten,
  type Pop3DeviceSettings,
  type Pop3SettingsWritten,
} from '../settings.js';
import { CLIENT_PROFILES } from './index.js';
import type { ProfileValue } from './types.js';

/** A setting that is valid alone but not in this combination, reported at the key the user wrote. */
export interface SettingProblem {
  readonly key: string;
  readonly message: string;
  readonly hint: string;
}

export interface Resolution {
  readonly settings: DeviceSettings;
  readonly problems: readonly SettingProblem[];
}

/**
 * Decides every setting of a device: what the scenario writes, else the client profile's sourced
 * default, else the neutral default. A profile value that is "not documented" claims nothing, so
 * the neutral default applies. Settings that only mean something together with another (delete
 * after N days needs leave on server) are dropped when that one is off, as real clients grey them
 * out; written ones are reported instead, since the author asked for something that cannot happen.
 */
export function resolveSettings(written: DeviceSettingsWritten & { readonly account: string }): Resolution {
  return written.protocol === 'pop3' ? resolvePop3(written) : resolveImap(written);
}

function value<T>(entry: ProfileValue<T> | undefined): T | undefined {
  return entry && 'source' in entry ? entry.value : undefined;
}

function resolvePop3(written: Pop3SettingsWritten & { readonly account: string }): Resolution {
  const problems: SettingProblem[] = [];
  const profile = written.client ? CLIENT_PROFILES[written.client] : undefined;
  if (profile && !profile.pop3) problems.push(notSpoken(profile.label, 'POP3'));
  const p = profile?.pop3 ?? {};
  const leaveOnServer = written.leaveOnServer ?? value(p.leaveOnServer) ?? NEUTRAL_POP3.leaveOnServer;
  if (!leaveOnServer) {
    for (const key of ['deleteAfterDays', 'deleteFromServerWhenDeleted', 'serverDeleteOn'] as const) {
      const v = written[key];
      if (v !== undefined && v !== false) {
        problems.push({
          key,
          message: `${key} only applies when leaveOnServer is true`,
          hint: 'without leaveOnServer a POP3 client deletes each message from the server right after downloading it',
        });
      }
    }
  }
  const deleteAfterDays = leaveOnServer ? (written.deleteAfterDays ?? value(p.deleteAfterDays)) : undefined;
  const checkEvery = written.checkEvery ?? value(p.checkEvery);
  const settings: Pop3DeviceSettings = {
    protocol: 'pop3',
    account: written.account,
    ...(written.client ? { client: written.client } : {}),
    ...(checkEvery === undefined ? {} : { checkEvery }),
    security: written.security ?? value(p.security) ?? NEUTRAL_POP3.security,
    checkAtStartup: written.checkAtStartup ?? value(p.checkAtStartup) ?? NEUTRAL_POP3.checkAtStartup,
    leaveOnServer,
    ...(deleteAfterDays === undefined ? {} : { deleteAfterDays }),
    deleteFromServerWhenDeleted: leaveOnServer && (written.deleteFromServerWhenDeleted ?? value(p.deleteFromServerWhenDeleted) ?? NEUTRAL_POP3.deleteFromServerWhenDeleted),
    serverDeleteOn: written.serverDeleteOn ?? value(p.serverDeleteOn) ?? NEUTRAL_POP3.serverDeleteOn,
    headersOnly: written.headersOnly ?? value(p.headersOnly) ?? NEUTRAL_POP3.headersOnly,
    // A user's choice for a Gmail account, never a client default.
    recentMode: written.recentMode ?? NEUTRAL_POP3.recentMode,
  };
  return { settings, problems };
}

function resolveImap(written: ImapSettingsWritten & { readonly account: string }): Resolution {
  const problems: SettingProblem[] = [];
  const profile = written.client ? CLIENT_PROFILES[written.client] : undefined;
  if (profile && !profile.imap) problems.push(notSpoken(profile.label, 'IMAP'));
  const p = profile?.imap ?? {};
  const checkEvery = written.checkEvery ?? value(p.checkEvery);
  const settings: ImapDeviceSettings = {
    protocol: 'imap',
    account: written.account,
    ...(written.client ? { client: written.client } : {}),
    ...(checkEvery === undefined ? {} : { checkEvery }),
    security: written.security ?? value(p.security) ?? NEUTRAL_IMAP.security,
    checkAtStartup: written.checkAtStartup ?? value(p.checkAtStartup) ?? NEUTRAL_IMAP.checkAtStartup,
    folders: written.folders ?? value(p.folders) ?? NEUTRAL_IMAP.folders,
    push: written.push ?? value(p.push) ?? NEUTRAL_IMAP.push,
    download: written.download ?? value(p.download) ?? NEUTRAL_IMAP.download,
    deleteModel: written.deleteModel ?? value(p.deleteModel) ?? NEUTRAL_IMAP.deleteModel,
    resync: written.resync ?? value(p.resync) ?? NEUTRAL_IMAP.resync,
  };
  return { settings, problems };
}

function notSpoken(label: string, protocol: string): SettingProblem {
  return { key: 'client', message: `${label} does not use ${protocol} in mailsim's profiles`, hint: `choose another client, or leave out "client:" and set the ${protocol} settings one by one` };
}
