import type { ClientName } from '../settings.js';
import { appleMail } from './apple-mail.js';
import { gmailApp } from './gmail-app.js';
import { iosMail } from './ios-mail.js';
import { k9 } from './k9.js';
import { legacy } from './legacy.js';
import { outlook } from './outlook.js';
import { thunderbird } from './thunderbird.js';
import type { ClientProfile } from './types.js';

/** Every client profile by name: the one registry `client:` resolves against. */
export const CLIENT_PROFILES: Readonly<Record<ClientName, ClientProfile>> = {
  thunderbird,
  outlook,
  'apple-mail': appleMail,
  'ios-mail': iosMail,
  'gmail-app': gmailApp,
  k9,
  legacy,
};

export type { ClientProfile } from './types.js';
