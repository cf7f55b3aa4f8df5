// Leader election on a coordination.k8s.io Lease, as kube-controller-manager does it: take the
// lease when it is free or expired, renew it while working, give it up when done. Writes are
// compare-and-swap on resourceVersion, so two processes can never both hold it.
import type { KubeClient } from '../../../client/client.js';
import { StatusError } from '../../../client/errors.js';

const LEASE_PATH = '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases';
const LEASE_NAME = 'tkctl-controller-manager';
/** A CLI process holds the lease for seconds; `cluster serve` renews it. */
const LEASE_SECONDS = 15;
const RENEW_EVERY_MS = 5_000;

/** MicroTime as the Lease API writes it. */
function microTime(d: Date): string {
  return d.toISOString().replace('Z', '000Z');
}

export class LeaderLease {
  private heldSince?: number;
  private lastRenew = 0;

  constructor(
    private readonly client: KubeClient,
    private readonly identity: string,
    private readonly clock: () => Date,
  ) {}

  /** Take or renew the lease; false when another live holder has it. */
  async acquire(): Promise<boolean> {
    const ok = await this.tryAcquire();
    // A lease lost (taken over after we failed to renew it in time) is no longer ours to record under or release.
    if (!ok) this.heldSince = undefined;
    return ok;
  }

  private async tryAcquire(): Promise<boolean> {
    const now = this.clock();
    if (this.heldSince !== undefined && now.getTime() - this.lastRenew < RENEW_EVERY_MS) return true;
    let lease: any;
    try {
      lease = await this.client.request('GET', `${LEASE_PATH}/${LEASE_NAME}`);
    } catch (e) {
      if (!(e instanceof StatusError && e.code === 404)) throw e;
      return this.write('POST', LEASE_PATH, this.spec(now, now, 0));
    }
    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    const renewed = spec.renewTime ? Date.parse(spec.renewTime) : 0;
    const expired = renewed + (spec.leaseDurationSeconds ?? LEASE_SECONDS) * 1000 <= now.getTime();
    if (holder && holder !== this.identity && !expired) return false;
    const acquired = holder === this.identity && spec.acquireTime ? new Date(spec.acquireTime) : now;
    const transitions = (spec.leaseTransitions ?? 0) + (holder === this.identity ? 0 : 1);
    return this.write('PUT', `${LEASE_PATH}/${LEASE_NAME}`, { ...this.spec(now, acquired, transitions), metadata: { name: LEASE_NAME, namespace: 'kube-system', resourceVersion: lease.metadata.resourceVersion } });
  }

  /** Give the lease up so the next process need not wait for it to expire; the revision of that write, if it landed. */
  async release(): Promise<number | undefined> {
    if (this.heldSince === undefined) return undefined;
    this.heldSince = undefined;
    try {
      const lease = await this.client.request('GET', `${LEASE_PATH}/${LEASE_NAME}`);
      if (lease.spec?.holderIdentity !== this.identity) return undefined;
      const released = await this.client.request('PUT', `${LEASE_PATH}/${LEASE_NAME}`, { body: { ...lease, spec: { ...lease.spec, holderIdentity: '', renewTime: null } } });
      return Number(released.metadata.resourceVersion);
    } catch {
      // someone else has it now, or it is gone: either way it is not ours
      return undefined;
    }
  }

  /** How long a holder that stopped renewing (a crashed process) keeps others out. */
  expiryMs(): number {
    return LEASE_SECONDS * 1000;
  }

  /** Whether this process took the lease and has not given it up. */
  held(): boolean {
    return this.heldSince !== undefined;
  }

  /** When the holder must renew next. */
  renewAt(): number {
    return this.lastRenew + RENEW_EVERY_MS;
  }

  /** How long a process without the lease waits before trying again. */
  retryMs(): number {
    return RENEW_EVERY_MS;
  }

  private spec(now: Date, acquired: Date, transitions: number) {
    return {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name: LEASE_NAME, namespace: 'kube-system' },
      spec: {
        holderIdentity: this.identity, leaseDurationSeconds: LEASE_SECONDS,
        acquireTime: microTime(acquired), renewTime: microTime(now), leaseTransitions: transitions,
      },
    };
  }

  private async write(method: 'POST' | 'PUT', path: string, body: unknown): Promise<boolean> {
    try {
      await this.client.request(method, path, { body });
    } catch (e) {
      // Another process got there first.
      if (e instanceof StatusError && e.code === 409) return false;
      throw e;
    }
    const now = this.clock().getTime();
    this.heldSince ??= now;
    this.lastRenew = now;
    return true;
  }
}
