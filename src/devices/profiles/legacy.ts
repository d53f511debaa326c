import { sourced, type ClientProfile } from './types.js';

/**
 * The classic POP3 client: download and delete. fetchmail without `keep` and Outlook 2002/2003
 * behave so by default. POP3 only.
 */
export const legacy: ClientProfile = {
  name: 'legacy',
  label: 'Classic POP3 (download and delete)',
  summary: 'Downloads each new message and deletes it from the server, as fetchmail without "keep" and Outlook 2002/2003 do by default.',
  pop3: {
    // fetchmail(1): "-k | --keep  Keep retrieved messages on the remote mailserver. Normally,
    // messages are deleted from the folder on the mailserver after they have been retrieved."
    leaveOnServer: sourced(false, 'fetchmail(1), --keep: "Normally, messages are deleted from the folder on the mailserver after they have been retrieved."; Microsoft Office Online (Outlook 2002/2003): "by default POP3 e-mail accounts delete e-mail messages from the e-mail server when downloaded into Outlook."'),
    // fetchmail retrieves whole messages (RETR) unless told otherwise.
    headersOnly: sourced(false, 'fetchmail(1), --fetchall: "Under POP3, this option also forces the use of RETR rather than TOP."; whole messages are what it delivers'),
  },
};
