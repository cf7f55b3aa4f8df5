// ClusterIP and NodePort allocation, recorded as store keys so that concurrent processes cannot
// hand out the same address: creating an allocation key fails when another process holds it.
import { randomInt } from '../../../lazy-crypto.js';
import { StoreError, type Store } from '../store/store.js';
import { ApiError } from './status.js';

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
// 10.96.0.0/12; .0 is the network, 10.96.0.1 the kubernetes service, 10.96.0.10 kube-dns.
const SERVICE_CIDR_BASE = (10 << 24) | (96 << 16);
const SERVICE_CIDR_SIZE = 1 << 20;

const ipKey = (ip: string) => `/registry/ranges/serviceips/${ip}`;
const portKey = (port: number) => `/registry/ranges/servicenodeports/${port}`;

function ipString(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function tryClaim(store: Store, key: string, owner: string): boolean {
  try {
    store.create(key, JSON.stringify({ owner }));
    return true;
  } catch (e) {
    if (e instanceof StoreError && e.code === 'KeyExists') return false;
    throw e;
  }
}

/** Claims `ip` (or a free one when undefined) for the service `owner` (namespace/name). */
export function allocateClusterIP(store: Store, owner: string, ip?: string): string {
  if (ip) {
    if (!tryClaim(store, ipKey(ip), owner)) {
      throw new ApiError(422, 'Invalid', `Service "${owner.split('/')[1]}" is invalid: spec.clusterIPs: Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: provided IP is already allocated`);
    }
    return ip;
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    const candidate = ipString(SERVICE_CIDR_BASE + 2 + randomInt(SERVICE_CIDR_SIZE - 3));
    if (candidate === '10.96.0.10') continue;
    if (tryClaim(store, ipKey(candidate), owner)) return candidate;
  }
  throw new ApiError(500, 'InternalError', 'failed to allocate a serviceIP: range is full');
}

/** Claims `port` (or a free one) for `owner`; `field` names the port in the error. */
export function allocateNodePort(store: Store, owner: string, serviceName: string, field: string, port?: number): number {
  if (port !== undefined) {
    if (port < NODE_PORT_MIN || port > NODE_PORT_MAX) {
      throw new ApiError(422, 'Invalid', `Service "${serviceName}" is invalid: ${field}: Invalid value: ${port}: provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`);
    }
    if (!tryClaim(store, portKey(port), owner)) {
      throw new ApiError(422, 'Invalid', `Service "${serviceName}" is invalid: ${field}: Invalid value: ${port}: provided port is already allocated`);
    }
    return port;
  }
  for (let attempt = 0; attempt < 200; attempt++) {
    const candidate = NODE_PORT_MIN + randomInt(NODE_PORT_MAX - NODE_PORT_MIN + 1);
    if (tryClaim(store, portKey(candidate), owner)) return candidate;
  }
  throw new ApiError(500, 'InternalError', 'failed to allocate a nodePort: range is full');
}

export function releaseClusterIP(store: Store, ip: string): void {
  release(store, ipKey(ip));
}

export function releaseNodePort(store: Store, port: number): void {
  release(store, portKey(port));
}

function release(store: Store, key: string): void {
  try {
    store.delete(key);
  } catch (e) {
    if (!(e instanceof StoreError && e.code === 'KeyNotFound')) throw e;
  }
}
