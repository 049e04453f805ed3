import { createCipheriv, createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SIMULATED_CREATED_AT } from './deterministic';

/**
 * A reasoning item's `encrypted_content`: OpenAI hands out Fernet tokens (`gAAAAA…`), so the
 * simulator does too — version byte, timestamp, IV, AES-128-CBC of the item id and reasoning
 * text, HMAC-SHA256 over all of it. A client can neither read nor forge one, and the simulator
 * verifies what comes back without keeping state. The key and IV are fixed or derived, not
 * random: the same request must get the same bytes, across restarts too.
 */

const KEY = createHash('sha256').update('upstream-sim reasoning key').digest();
const SIGNING_KEY = KEY.subarray(0, 16);
const ENCRYPTION_KEY = KEY.subarray(16);
const VERSION = 0x80;
const HEADER_LENGTH = 1 + 8 + 16;
const HMAC_LENGTH = 32;

interface SealedReasoning {
  readonly id: string;
  readonly text: string;
}

function sign(bytes: Buffer): Buffer {
  return createHmac('sha256', SIGNING_KEY).update(bytes).digest();
}

/** Fernet's encoding: URL-safe base64 with its padding kept. */
function toBase64Url(bytes: Buffer): string {
  const text = bytes.toString('base64url');
  return text.padEnd(Math.ceil(text.length / 4) * 4, '=');
}

export function encryptReasoning(itemId: string, text: string): string {
  const plaintext = JSON.stringify({ id: itemId, text } satisfies SealedReasoning);
  const iv = createHash('sha256').update(plaintext).digest().subarray(0, 16);
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt8(VERSION, 0);
  header.writeBigUInt64BE(BigInt(SIMULATED_CREATED_AT), 1);
  iv.copy(header, 9);
  const cipher = createCipheriv('aes-128-cbc', ENCRYPTION_KEY, iv);
  const signed = Buffer.concat([header, cipher.update(plaintext, 'utf8'), cipher.final()]);
  return toBase64Url(Buffer.concat([signed, sign(signed)]));
}

/** The sealed content, once the token's shape and HMAC check out. */
function decryptVerified(token: Buffer): SealedReasoning | undefined {
  if (token.length < HEADER_LENGTH + 16 + HMAC_LENGTH || token[0] !== VERSION) return undefined;
  const signed = token.subarray(0, token.length - HMAC_LENGTH);
  if (!timingSafeEqual(sign(signed), token.subarray(token.length - HMAC_LENGTH))) return undefined;
  const decipher = createDecipheriv('aes-128-cbc', ENCRYPTION_KEY, signed.subarray(9, HEADER_LENGTH));
  const plaintext = Buffer.concat([decipher.update(signed.subarray(HEADER_LENGTH)), decipher.final()]).toString('utf8');
  // Past the HMAC the plaintext is one the simulator wrote.
  return JSON.parse(plaintext) as SealedReasoning;
}

/** The reasoning text sealed in `token`, or undefined unless the simulator issued it for `itemId`. */
export function decryptReasoning(itemId: string, token: string): string | undefined {
  const sealed = decryptVerified(Buffer.from(token, 'base64url'));
  return sealed?.id === itemId ? sealed.text : undefined;
}
