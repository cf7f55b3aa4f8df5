// Stored objects decoded once and shared by the paths that only read them (answering GET, LIST and
// watch events): a LIST of 5,000 pods as a Table otherwise spends most of its time in JSON.parse.
// A key's entry is good for one revision (revisions are never reused); objects are frozen, so no
// reader can change what the next one sees. Bounded by the stored bytes it holds, least recently
// used first out.
import { decode, type KubeObject } from './objects.js';

/** About 13,000 pods of 2.5 kB stored JSON; the decoded objects take two to three times that in memory. */
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

interface Entry {
  revision: number;
  object: KubeObject;
  bytes: number;
}

export class DecodedObjects {
  /** In use order: the first entry is the least recently used. */
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  /** The object held for `key` at `revision`, if any. */
  peek(key: string, revision: number): KubeObject | undefined {
    const hit = this.entries.get(key);
    return hit?.revision === revision ? hit.object : undefined;
  }

  /** The value stored under `key` at `revision`, decoded, frozen and shared. */
  get(key: string, value: string, revision: number): KubeObject {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      if (hit.revision === revision) {
        this.entries.set(key, hit);
        return hit.object;
      }
      this.bytes -= hit.bytes;
    }
    const object = deepFreeze(decode(value, revision));
    if (value.length <= this.maxBytes) {
      this.entries.set(key, { revision, object, bytes: value.length });
      this.bytes += value.length;
      for (const [oldest, entry] of this.entries) {
        if (this.bytes <= this.maxBytes) break;
        this.entries.delete(oldest);
        this.bytes -= entry.bytes;
      }
    }
    return object;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
