/** Making secret values: the one place both a Docker set and a Kubernetes render use. */
import { createHash, randomInt } from 'node:crypto';
import bcrypt from 'bcryptjs';

export const SECRET_ALPHABETS: Record<string, string> = {
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  digits: '0123456789',
  hex: '0123456789abcdef',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
};

/** Uniform over the alphabet (a named one, or the characters given); randomInt rejects biased draws. */
export function generateSecret(length: number, alphabet: string, random: (max: number) => number = randomInt): string {
  const chars = [...(SECRET_ALPHABETS[alphabet] ?? alphabet)];
  return Array.from({ length }, () => chars[random(chars.length)]).join('');
}

export function deriveSecret(hash: 'sha256' | 'sha512' | 'bcrypt', value: string): string {
  if (hash === 'bcrypt') return bcrypt.hashSync(value, 10);
  return createHash(hash).update(value).digest('hex');
}
