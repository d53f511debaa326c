import { validateName } from '../store/account.js';
import { StoreError } from '../store/errors.js';
import { no } from './errors.js';

/**
 * The canonical form of a name a client wants to bring into being (CREATE, the target of RENAME,
 * SUBSCRIBE), or NO [CANNOT] saying what is wrong with it. NO rather than BAD: "a*b" or "a//b"
 * is well-formed IMAP, only not a name this server can hold (RFC 5530 CANNOT).
 */
export function creatableName(name: string): string {
  try {
    return validateName(name);
  } catch (error) {
    if (error instanceof StoreError) throw no(`Cannot use that name: ${error.message}`, 'CANNOT');
    throw error;
  }
}

/** True when CREATE would accept the name (so APPEND may answer [TRYCREATE]). */
export function isCreatableName(name: string): boolean {
  try {
    validateName(name);
    return true;
  } catch (error) {
    if (error instanceof StoreError) return false;
    throw error;
  }
}
