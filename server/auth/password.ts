/**
 * Password hashing with scrypt (memory-hard), from node:crypto.
 * Stored as `scrypt$N$r$p$salt$hash`, base64url, so parameters can be raised later.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { AppError } from "../../lib/protocol/errors.ts";
import { ConcurrencyLimit } from "../rate-limit.ts";

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/**
 * One hash at a time, process-wide (32 MiB and about 160 ms of one core each,
 * on libuv's thread pool). A flood of sign-ins from many addresses then costs
 * one core and 32 MiB at most: the other core stays with the live sessions, and
 * the thread pool keeps threads free for file reads. Sixteen waiting is a couple
 * of seconds at most; past that, "try again" is a better answer than a queue.
 */
export const SCRYPT_CONCURRENCY = 1;
export const SCRYPT_MAX_WAITING = 16;
const scryptSlots = new ConcurrencyLimit(
  SCRYPT_CONCURRENCY,
  SCRYPT_MAX_WAITING,
  () => new AppError("BUSY", "Many people are signing in right now. Try again in a few seconds."),
);

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return scryptSlots.run(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scryptCallback(password, salt, KEY_LENGTH, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (err, key) =>
          err ? reject(err) : resolve(key),
        ),
      ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, { N, r: R, p: P });
  return ["scrypt", N, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await scrypt(password, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
