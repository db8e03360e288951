/**
 * Client pseudonyms: four characters from an alphabet without look-alikes (no 0/O, 1/I/L, U/V),
 * so a worker can read one aloud or type it from a phone screen without mistakes.
 */
export const PSEUDONYM_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
export const PSEUDONYM_LENGTH = 4;

/**
 * Turns hash bytes into a pseudonym. `attempt` moves to fresh bytes so that a collision with an
 * existing client can be resolved deterministically (the caller hashes with the attempt number).
 */
export function pseudonymFromBytes(bytes: Uint8Array, length = PSEUDONYM_LENGTH): string {
  if (bytes.length < length) throw new Error('not enough bytes for a pseudonym');
  let out = '';
  for (let i = 0; i < length; i++) out += PSEUDONYM_ALPHABET[bytes[i]! % PSEUDONYM_ALPHABET.length];
  return out;
}

export function isPseudonym(value: string): boolean {
  return new RegExp(`^[${PSEUDONYM_ALPHABET}]{${PSEUDONYM_LENGTH},8}$`).test(value);
}
