import type { ResponseCode } from './syntax/index.js';

/**
 * A command that cannot be carried out (tagged NO), or is wrong for the state or arguments
 * (tagged BAD). Handlers throw these; the dispatcher is the one place that writes them.
 */
export class ImapCommandError extends Error {
  constructor(
    readonly status: 'NO' | 'BAD',
    message: string,
    readonly code?: ResponseCode,
  ) {
    super(message);
    this.name = 'ImapCommandError';
  }
}

export function no(message: string, code?: ResponseCode['code']): ImapCommandError {
  return new ImapCommandError('NO', message, code ? ({ code } as ResponseCode) : undefined);
}

export function bad(message: string, code?: ResponseCode['code']): ImapCommandError {
  return new ImapCommandError('BAD', message, code ? ({ code } as ResponseCode) : undefined);
}
