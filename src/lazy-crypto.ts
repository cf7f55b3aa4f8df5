// The node:crypto functions tkctl's embedded cluster uses, loading node:crypto when one is first
// called: loading it (fifteen internal modules and OpenSSL's set-up, a few ms of CPU) is a cost a
// command that only reads an embedded cluster (get, describe) would otherwise pay at every start.
import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';

let crypto: typeof Crypto | undefined;
const load = () => (crypto ??= createRequire(import.meta.url)('node:crypto') as typeof Crypto);

export const createHash = (algorithm: string) => load().createHash(algorithm);
export const randomBytes = (size: number) => load().randomBytes(size);
export const randomInt = (max: number) => load().randomInt(max);
export const randomUUID = () => load().randomUUID();
export const timingSafeEqual = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => load().timingSafeEqual(a, b);
