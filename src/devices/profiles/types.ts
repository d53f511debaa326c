import type { ClientName, ImapDeviceSettings, ImapTunable, Pop3DeviceSettings, Pop3Tunable } from '../settings.js';

/**
 * A default a real client is documented to have, with where that is written: the client's own
 * source code (repository, file, setting), its settings screen, or the vendor's documentation.
 */
export interface Sourced<T> {
  readonly value: T;
  readonly source: string;
}

/** A setting the client has but whose default we could not find written down: we claim nothing. */
export interface NotDocumented {
  readonly value?: undefined;
  readonly notDocumented: string;
}

export type ProfileValue<T> = Sourced<T> | NotDocumented;

export const sourced = <T>(value: T, source: string): Sourced<T> => ({ value, source });
export const notDocumented = (searched: string): NotDocumented => ({ notDocumented: searched });

export type Pop3Profile = { readonly [K in Pop3Tunable]?: ProfileValue<Exclude<Pop3DeviceSettings[K], undefined>> };
export type ImapProfile = { readonly [K in ImapTunable]?: ProfileValue<Exclude<ImapDeviceSettings[K], undefined>> };

/** A client profile: that client's defaults for each protocol it speaks. Data, not code. */
export interface ClientProfile {
  readonly name: ClientName;
  /** How people call it: "Thunderbird (desktop)". */
  readonly label: string;
  /** What a new account of this client does, in one sentence, for `mailsim list --clients` and the README. */
  readonly summary: string;
  /** Absent when the client does not speak the protocol. */
  readonly pop3?: Pop3Profile;
  readonly imap?: ImapProfile;
}
