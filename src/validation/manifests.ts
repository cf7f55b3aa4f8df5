// The CLI's validation before anything is sent (apply, create, replace): every document is checked
// first, so a file with one bad document writes none of it. The errors are the ones the API server
// would give for each bad document, with kubectl's "error when creating" source.
import type { StatusError } from '../client/errors.js';
import type { Manifest } from '../manifests.js';
import { identityOf, serverVerdict } from './server-verdict.js';
import { validateObject } from './validate.js';

export interface ManifestsVerdict {
  errors: StatusError[];
  warnings: string[];
}

/** `fieldValidation` is the server's directive (Strict, Warn, Ignore: nothing is checked); `verb` kubectl's word for the write. */
export function checkManifests(manifests: Manifest[], fieldValidation: string, verb: 'creating' | 'replacing'): ManifestsVerdict {
  const out: ManifestsVerdict = { errors: [], warnings: [] };
  if (fieldValidation !== 'Strict' && fieldValidation !== 'Warn') return out;
  for (const m of manifests) {
    const problems = validateObject(m.object);
    if (!problems?.length) continue;
    const { error, warnings } = serverVerdict(identityOf(m.object), problems, fieldValidation);
    out.warnings.push(...warnings);
    if (error) out.errors.push(error.withSource(verb, m.source));
  }
  return out;
}
