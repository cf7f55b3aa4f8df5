// ServiceAccount tokens: the TokenRequest subresource (POST serviceaccounts/NAME/token) mints one,
// and the served API authenticates requests that carry it. A token is "ID.SECRET": the store
// keeps only the SHA-256 of the secret under the ID, so neither the database nor any listing
// holds a usable credential; the secret is compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from '../../../../lazy-crypto.js';
import type { Registry } from '../registry.js';
import { findResource } from '../resources.js';
import { timestamp } from '../objects.js';
import { ApiError, badRequest, invalid, type FieldError } from '../status.js';
import { serviceAccountUser, type UserInfo } from './user.js';

/** The API server's audience (kind's default service-account issuer). */
export const API_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';

// ':' cannot appear in an API group, so no resource's keys (and no watch) ever reach these.
const TOKEN_PREFIX = '/registry/tkctl:serviceaccount-tokens/';
const DEFAULT_EXPIRATION_SECONDS = 3600;

interface StoredToken {
  secretSha256: string;
  namespace: string;
  serviceAccount: string;
  uid: string;
  audiences: string[];
  expirationTimestamp: string;
  boundObjectRef?: { kind: string; apiVersion?: string; name: string; uid: string };
}

interface TokenRequestSpec {
  audiences?: string[] | null;
  expirationSeconds?: number | null;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string } | null;
}

const BOUND_KINDS: Record<string, string> = { Pod: 'pods', Secret: 'secrets' };

/** POST /api/v1/namespaces/NS/serviceaccounts/NAME/token: a new token for the ServiceAccount. */
export function requestToken(registry: Registry, namespace: string, name: string, body: unknown, now: Date, dryRun: boolean) {
  const request = (body ?? {}) as { kind?: string; spec?: TokenRequestSpec };
  if (request.kind !== undefined && request.kind !== 'TokenRequest') throw badRequest(`the object provided is unrecognized (kind ${request.kind} is not TokenRequest)`);
  const spec = request.spec ?? {};
  const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  const audiences = spec.audiences?.length ? spec.audiences : [API_AUDIENCE];
  const errors: FieldError[] = [];
  if (expirationSeconds < 600) errors.push({ type: 'Invalid value', field: 'spec.expirationSeconds', value: expirationSeconds, detail: 'may not specify a duration less than 10 minutes' });
  if (expirationSeconds > 2 ** 32) errors.push({ type: 'Invalid value', field: 'spec.expirationSeconds', value: expirationSeconds, detail: 'may not specify a duration larger than 2^32 seconds' });
  if (errors.length) throw invalid('TokenRequest', 'authentication.k8s.io', name, errors);

  const sa = registry.get(findResource('', 'v1', 'serviceaccounts')!, namespace, name);
  const bound = spec.boundObjectRef ? boundObject(registry, namespace, spec.boundObjectRef) : undefined;
  const expiration = timestamp(new Date(now.getTime() + expirationSeconds * 1000));
  const id = randomBytes(12).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const stored: StoredToken = {
    secretSha256: sha256(secret), namespace, serviceAccount: name, uid: sa.metadata?.uid ?? '', audiences, expirationTimestamp: expiration,
    ...(bound ? { boundObjectRef: bound } : {}),
  };
  if (!dryRun) registry.store.create(TOKEN_PREFIX + id, JSON.stringify(stored));
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: null },
    spec: { audiences, expirationSeconds, boundObjectRef: bound ?? null },
    status: { token: `${id}.${secret}`, expirationTimestamp: expiration },
  };
}

function boundObject(registry: Registry, namespace: string, ref: NonNullable<TokenRequestSpec['boundObjectRef']>) {
  const plural = BOUND_KINDS[ref.kind ?? ''];
  if (!plural) throw badRequest(`cannot bind token object of kind ${JSON.stringify(ref.kind ?? '')}`);
  const obj = registry.get(findResource('', 'v1', plural)!, namespace, ref.name ?? '');
  const uid = obj.metadata?.uid ?? '';
  if (ref.uid && ref.uid !== uid) throw new ApiError(409, 'Conflict', `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
  return { kind: ref.kind!, apiVersion: 'v1', name: ref.name!, uid };
}

/**
 * The user a bearer token authenticates as, or undefined when it is not a live token of this
 * cluster: unknown, wrong secret, expired, not for the API server, or its ServiceAccount (or
 * bound object) deleted since.
 */
export function authenticateServiceAccountToken(registry: Registry, token: string, now: Date): UserInfo | undefined {
  const m = /^([0-9a-f]{24})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return undefined;
  const kv = registry.store.get(TOKEN_PREFIX + m[1]);
  if (!kv) return undefined;
  const stored = JSON.parse(kv.value) as StoredToken;
  if (!timingSafeEqual(Buffer.from(sha256(m[2]), 'hex'), Buffer.from(stored.secretSha256, 'hex'))) return undefined;
  if (Date.parse(stored.expirationTimestamp) <= now.getTime() || !stored.audiences.includes(API_AUDIENCE)) return undefined;
  if (uidOf(registry, 'serviceaccounts', stored.namespace, stored.serviceAccount) !== stored.uid) return undefined;
  const bound = stored.boundObjectRef;
  if (bound && uidOf(registry, BOUND_KINDS[bound.kind], stored.namespace, bound.name) !== bound.uid) return undefined;
  return { ...serviceAccountUser(stored.namespace, stored.serviceAccount, stored.uid), extra: { 'authentication.kubernetes.io/credential-id': [`JTI=${m[1]}`] } };
}

function uidOf(registry: Registry, plural: string, namespace: string, name: string): string | undefined {
  try {
    return registry.get(findResource('', 'v1', plural)!, namespace, name).metadata?.uid;
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return undefined;
    throw e;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
