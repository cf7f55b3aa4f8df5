// Whether an embedded cluster waits for its controllers, read from the store's bookkeeping alone:
// a command that finds its cluster settled never loads the control plane.
import type { Store } from '../store/store.js';

/** Store bookkeeping: the revision the cluster was last settled at, and when it must next wake. */
export const SETTLED_REVISION = 'settled_revision';
export const NEXT_WAKEUP = 'next_wakeup_ms';

/** True when writes or due work wait for the controllers (two reads of store bookkeeping). */
export function needsSettle(store: Store, now: Date): boolean {
  const settled = store.getMeta(SETTLED_REVISION) ?? 0;
  const wakeup = store.getMeta(NEXT_WAKEUP) ?? 0;
  return store.currentRevision() > settled || (wakeup > 0 && wakeup <= now.getTime());
}
