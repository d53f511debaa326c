import { notDocumented, sourced, type ClientProfile } from './types.js';

/**
 * The classic POP3 client: download and delete. fetchmail without `keep` and Outlook 2002/2003
 * behave so by default. POP3 only.
 */
export const legacy: ClientProfile = {
  name: 'legacy',
  label: 'Classic POP3 (download and delete)',
  summary: 'Downloads each new message and deletes it from the server, as fetchmail without "keep" and Outlook 2002/2003 do by default.',
  pop3: {
    // fetchmail 7 (in development) documents "starttls=may is the default"; fetchmail 6 and Outlook
    // 2002/2003, the clients this profile stands for, do not state a default we could find.
    security: notDocumented('fetchmail 6 default TLS mode (fetchmail(1); 7.0 documents starttls=may) and Outlook 2002/2003 "requires a secure connection" default'),
    // fetchmail(1): "-k | --keep  Keep retrieved messages on the remote mailserver. Normally,
    // messages are deleted from the folder on the mailserver after they have been retrieved."
    leaveOnServer: sourced(false, 'fetchmail(1), --keep: "Normally, messages are deleted from the folder on the mailserver after they have been retrieved."; Microsoft Office Online (Outlook 2002/2003): "by default POP3 e-mail accounts delete e-mail messages from the e-mail server when downloaded into Outlook."'),
    // fetchmail retrieves whole messages (RETR) unless told otherwise.
    headersOnly: sourced(false, 'fetchmail(1), --fetchall: "Under POP3, this option also forces the use of RETR rather than TOP."; whole messages are what it delivers'),
  },
};
