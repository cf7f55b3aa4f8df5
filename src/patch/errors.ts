import { goFormat, goTypeName, type JsonMap } from './json-value.js';

/** The metav1.Status reasons of patch errors; '' is StatusReasonUnknown, which kube-apiserver gives errors it has no Status for. */
export type PatchErrorReason = 'BadRequest' | 'Invalid' | 'UnsupportedMediaType' | 'RequestEntityTooLarge' | '';

/**
 * A patch that cannot be applied or computed. `code` and `reason` are what kube-apiserver puts in
 * the Status it answers with; `detail` keeps the underlying cause when the server hides it.
 */
export class PatchError extends Error {
  override readonly name = 'PatchError';

  constructor(
    message: string,
    readonly code = 500,
    readonly reason: PatchErrorReason = '',
    readonly detail?: string,
  ) {
    super(message);
  }
}

export function badRequest(message: string): PatchError {
  return new PatchError(message, 400, 'BadRequest');
}

/** kube-apiserver answers 422 with a fixed message and drops the cause (NewGenericServerResponse). */
export function unprocessable(detail: string): PatchError {
  return new PatchError('the server rejected our request due to an error in our request', 422, 'Invalid', detail);
}

/** An error kube-apiserver has no Status for: it answers 500 with the error text as message. */
export function internal(message: string): PatchError {
  return new PatchError(message);
}

// The errors of k8s.io/apimachinery/pkg/util/mergepatch, with the status kube-apiserver gives each.
export const errBadPatchFormatForPrimitiveList = (): PatchError => badRequest('invalid patch format of primitive list');
export const errBadPatchFormatForRetainKeys = (): PatchError => badRequest('invalid patch format of retainKeys');
export const errBadPatchFormatForSetElementOrderList = (): PatchError =>
  badRequest('invalid patch format of setElementOrder list');
export const errNoListOfLists = (): PatchError => unprocessable('lists of lists are not supported');

export function errNoMergeKey(map: JsonMap, mergeKey: string): PatchError {
  return internal(`map: ${goFormat(map)} does not contain declared merge key: ${mergeKey}`);
}

export function errBadArgType(expected: 'map' | 'slice', actual: unknown): PatchError {
  const expectedName = expected === 'map' ? 'map[string]interface {}' : '[]interface {}';
  return internal(`expected a ${expectedName}, but received a ${goTypeName(actual)}`);
}

export function errBadPatchType(directive: unknown, map: JsonMap): PatchError {
  const shown = typeof directive === 'string' ? directive : `%!s(${goTypeName(directive)}=${goFormat(directive)})`;
  return internal(`unknown patch type: ${shown} in map: ${goFormat(map)}`);
}
