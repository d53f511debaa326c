import { gmailProfile, type GmailSettings } from './gmail/profile.js';
import { OUTLOOK_PROFILE } from './outlook.js';
import { deriveProfile, type ServerProfile } from './profile.js';
import { STANDARD_PROFILE } from './standard.js';

/** The providers an account can name with `provider:`. */
export const PROVIDER_NAMES = ['standard', 'gmail', 'outlook'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export interface ProviderSettings {
  /** Gmail's IMAP and POP settings (ignored by other providers). */
  readonly gmail?: GmailSettings;
  /** Dovecot's pop3_no_flag_updates for the standard server (the scenario's `server:` block). */
  readonly pop3NoFlagUpdates?: boolean;
}

/** The server profile of an account of `provider`, with its settings applied. */
export function providerProfile(provider: ProviderName, settings: ProviderSettings = {}): ServerProfile {
  switch (provider) {
    case 'standard':
      return settings.pop3NoFlagUpdates ? deriveProfile(STANDARD_PROFILE, { pop3: { kind: 'maildrop', seenOnRetrieve: false } }) : STANDARD_PROFILE;
    case 'gmail':
      return gmailProfile(settings.gmail);
    case 'outlook':
      return OUTLOOK_PROFILE;
  }
}

export { gmailProfile, type GmailSettings } from './gmail/profile.js';
export { OUTLOOK_PROFILE } from './outlook.js';
export { STANDARD_PROFILE } from './standard.js';
export type { ServerProfile } from './profile.js';
