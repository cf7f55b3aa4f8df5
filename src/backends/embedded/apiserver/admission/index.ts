// Admission for the embedded API server: defaults, create-time preparation, then validation.
import { invalid } from '../status.js';
import { applyDefaults } from './defaults.js';
import { prepareForCreate } from './prepare.js';
import { validateObject } from './validation.js';

export { applyDefaults } from './defaults.js';
export { validateObject } from './validation.js';

/**
 * Defaults `obj` in place (on update too, as decoding a request body does), prepares a new
 * object as the kind's strategy and the default admission plugins do, and validates it,
 * throwing the API server's 422 Invalid when anything is wrong.
 */
export function admit(group: string, version: string, kind: string, obj: any, old?: any): void {
  applyDefaults(group, version, kind, obj);
  if (old === undefined) {
    prepareForCreate(group, kind, obj);
    // Stored objects are defaulted again when read, so defaults that depend on what the
    // preparation added (a Job's labels from its generated template labels) show up at once.
    applyDefaults(group, version, kind, obj);
  }
  const errors = validateObject(group, version, kind, obj, old);
  if (errors.length) throw invalid(kind, group, obj?.metadata?.name ?? '', errors);
}
