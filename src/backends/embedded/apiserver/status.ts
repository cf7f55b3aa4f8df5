// metav1.Status errors as kube-apiserver returns them.
import { goQuote } from '../../../selectors/go-string.js';

export type StatusReason =
  | 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid' | 'BadRequest' | 'Forbidden'
  | 'Unauthorized' | 'MethodNotAllowed' | 'Gone' | 'Expired' | 'UnsupportedMediaType'
  | 'NotAcceptable' | 'TooManyRequests' | 'InternalError' | 'Timeout' | 'RequestEntityTooLarge'
  // StatusReasonUnknown: errors the server never converted to a Status.
  | '';

export interface StatusCause { reason?: string; message?: string; field?: string }

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** An error that the API server answers as a metav1.Status. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): Status {
    return {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message,
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** "pods" or "deployments.apps": how kube-apiserver names a resource in messages. */
export function qualifiedResource(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** StatusDetails of an error about one object; empty fields are omitted, as Go's omitempty does. */
export function objectDetails(resource: string, group: string, name: string): StatusDetails {
  return { ...(name ? { name } : {}), ...(group ? { group } : {}), kind: resource };
}

export const notFound = (resource: string, group: string, name: string) =>
  new ApiError(404, 'NotFound', `${qualifiedResource(resource, group)} "${name}" not found`, objectDetails(resource, group, name));

export const alreadyExists = (resource: string, group: string, name: string) =>
  new ApiError(409, 'AlreadyExists', `${qualifiedResource(resource, group)} "${name}" already exists`, objectDetails(resource, group, name));

export const conflict = (resource: string, group: string, name: string) =>
  new ApiError(409, 'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    objectDetails(resource, group, name));

/** 403 as apierrors.NewForbidden words it. */
export function forbidden(resource: string, group: string, name: string, reason: string, causes?: StatusCause[]): ApiError {
  const what = qualifiedResource(resource, group);
  return new ApiError(403, 'Forbidden', name ? `${what} "${name}" is forbidden: ${reason}` : `${what} is forbidden: ${reason}`,
    { ...objectDetails(resource, group, name), ...(causes ? { causes } : {}) });
}

export const badRequest = (message: string) => new ApiError(400, 'BadRequest', message);

/** 422 Invalid: `Kind.group "name" is invalid: field: Invalid value: ...`. */
export function invalid(kind: string, group: string, name: string, causes: FieldError[]): ApiError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const list = causes.map(formatFieldError);
  const joined = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${joined}`, {
    ...objectDetails(kind, group, name),
    causes: causes.map((c) => ({ reason: CAUSE_TYPES[c.type], message: formatFieldError(c).slice(c.field.length + 2), field: c.field })),
  });
}

/** metav1.CauseType of each field.ErrorType. */
const CAUSE_TYPES: Record<FieldError['type'], string> = {
  'Invalid value': 'FieldValueInvalid',
  'Required value': 'FieldValueRequired',
  'Unsupported value': 'FieldValueNotSupported',
  'Duplicate value': 'FieldValueDuplicate',
  'Forbidden': 'FieldValueForbidden',
  'Too long': 'FieldValueTooLong',
  'Not found': 'FieldValueNotFound',
  'Too many': 'FieldValueTooMany',
};

/** A field.Error as k8s.io/apimachinery/pkg/util/validation/field formats it. */
export interface FieldError {
  type: 'Invalid value' | 'Required value' | 'Unsupported value' | 'Duplicate value' | 'Forbidden' | 'Too long' | 'Not found' | 'Too many';
  field: string;
  /** The offending value, shown for Invalid/Unsupported/Duplicate/NotFound. */
  value?: unknown;
  detail?: string;
}

export function formatFieldError(e: FieldError): string {
  let s = `${e.field}: ${e.type}`;
  const showsValue = e.type === 'Invalid value' || e.type === 'Unsupported value' || e.type === 'Duplicate value' || e.type === 'Not found';
  if (showsValue && e.value !== undefined) s += `: ${goValue(e.value)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** Go's %#v-ish rendering used by field errors: strings quoted, numbers bare. */
function goValue(v: unknown): string {
  // field.Error prints a string with %q, so control characters show as Go escapes (\x00).
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  return JSON.stringify(v);
}
