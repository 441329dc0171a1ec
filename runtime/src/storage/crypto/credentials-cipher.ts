import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { StorageError, failure, success } from '../outcome.js';
import type { Outcome } from '../outcome.js';

/**
 * AES-256-GCM for secrets at rest (broker credentials). Each value gets a fresh 96-bit IV;
 * the 128-bit tag authenticates the ciphertext *and* the associated data (the owner and
 * broker), so a ciphertext moved to another user's document fails to decrypt instead of
 * yielding their secrets. The key comes from configuration (`ALGO_CREDENTIALS_KEY`), never
 * from the database.
 */

/** The environment variable holding the key: 32 bytes as 64 hex digits or base64. */
export const CREDENTIALS_KEY_ENV = 'ALGO_CREDENTIALS_KEY';

export interface Sealed {
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
  /** Identifies the key (a hash prefix, not the key) so a wrong key is named, not guessed. */
  readonly keyId: string;
}

export class CredentialsCipher {
  readonly keyId: string;

  private constructor(private readonly key: Buffer) {
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 12);
  }

  /** A cipher over a 32-byte key. */
  static fromKey(key: Buffer): CredentialsCipher {
    if (key.length !== 32) throw new StorageError('STORAGE_BAD_KEY', `an AES-256 key is 32 bytes; got ${key.length}`);
    return new CredentialsCipher(Buffer.from(key));
  }

  /**
   * The key from `ALGO_CREDENTIALS_KEY` (64 hex digits or base64 of 32 bytes). Missing or
   * malformed is an expected configuration failure, reported as a value.
   */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): Outcome<CredentialsCipher> {
    const raw = env[CREDENTIALS_KEY_ENV]?.trim();
    if (!raw) {
      return failure('STORAGE_CONFIG', `${CREDENTIALS_KEY_ENV} is not set: broker credentials are encrypted with it (generate one: openssl rand -hex 32)`);
    }
    const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (key.length !== 32) {
      return failure('STORAGE_CONFIG', `${CREDENTIALS_KEY_ENV} must be 32 bytes as 64 hex digits or base64; it decodes to ${key.length} bytes`);
    }
    return success(new CredentialsCipher(key));
  }

  seal(plaintext: Buffer, associatedData: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), ciphertext, keyId: this.keyId };
  }

  /** Decrypts; a wrong key, altered bytes or other associated data throw STORAGE_DECRYPT_FAILED. */
  open(sealed: Sealed, associatedData: string): Buffer {
    if (sealed.keyId !== this.keyId) {
      throw new StorageError('STORAGE_DECRYPT_FAILED', `sealed with key ${sealed.keyId}, but the configured key is ${this.keyId}`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.iv);
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(sealed.tag);
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
    } catch {
      throw new StorageError('STORAGE_DECRYPT_FAILED', 'the stored secret failed authentication (altered, or sealed for another owner)');
    }
  }
}
