// Stored objects decoded once and shared by the paths that only read them (answering GET, LIST and
// watch events): a LIST of 5,000 pods as a Table otherwise spends most of its time in JSON.parse.
// A key's entry is good for one revision (revisions are never reused); objects are frozen, so no
// reader can change what the next one sees. An object is kept from its second read on: the first
// only marks it, so that a command that reads each object once (a CLI `get`) pays neither the
// freezing nor the keeping. Bounded by the stored bytes it holds, least recently used first out.
import { deepFreeze } from '../../../patch/json-value.js';
import { decode, type KubeObject } from './objects.js';

/** About 13,000 pods of 2.5 kB stored JSON; the decoded objects take two to three times that in memory. */
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

interface Entry {
  revision: number;
  /** Absent while the revision has been read once only. */
  object?: KubeObject;
  bytes: number;
}

/** What a mark is counted as against the budget, so that marks too are bounded. */
const MARK_BYTES = 64;

export class DecodedObjects {
  /** In use order: the first entry is the least recently used. */
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  /** True while nothing has been read through it: there is nothing to peek at. */
  get empty(): boolean {
    return this.entries.size === 0;
  }

  /** The object held for `key` at `revision`, if any. */
  peek(key: string, revision: number): KubeObject | undefined {
    const hit = this.entries.get(key);
    return hit?.revision === revision ? hit.object : undefined;
  }

  /** The value stored under `key` at `revision`, decoded: frozen and shared from its second read on. */
  get(key: string, value: string, revision: number): KubeObject {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.bytes -= hit.bytes;
      if (hit.revision === revision && hit.object) {
        this.entries.set(key, hit);
        this.bytes += hit.bytes;
        return hit.object;
      }
    }
    if (hit?.revision !== revision) {
      // First read: this reader's own object; the next one is shared.
      this.keep(key, { revision, bytes: MARK_BYTES });
      return decode(value, revision);
    }
    const object = deepFreeze(decode(value, revision));
    if (value.length <= this.maxBytes) this.keep(key, { revision, object, bytes: value.length });
    return object;
  }

  private keep(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= old.bytes;
    }
  }
}
