// What kube-apiserver answers for an object with these problems, in the order its stages run:
// decoding (400), then strict field validation (400, or warnings), then validation (422).
import { StatusError } from '../client/errors.js';
import { fieldPath, type Problem } from './problem.js';

export interface Verdict {
  error?: StatusError;
  warnings: string[];
}

export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  name: string;
}

export function identityOf(obj: Record<string, any>): ObjectIdentity {
  return { apiVersion: String(obj.apiVersion ?? ''), kind: String(obj.kind ?? ''), name: String(obj.metadata?.name ?? '') };
}

const splitApiVersion = (apiVersion: string) => {
  const slash = apiVersion.lastIndexOf('/');
  return { group: slash < 0 ? '' : apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
};

/** The 400 of a body the decoder refuses: `Pod in version "v1" cannot be handled as a Pod: …`. */
function cannotBeHandled(id: ObjectIdentity, reason: string): StatusError {
  const { version } = splitApiVersion(id.apiVersion);
  return new StatusError(400, 'BadRequest', `${id.kind} in version "${version}" cannot be handled as a ${id.kind}: ${reason}`);
}

/** apierrors.NewInvalid: the message names the qualified kind, the details what kubectl prints. */
function invalid(id: ObjectIdentity, problems: Problem[]): StatusError {
  const { group } = splitApiVersion(id.apiVersion);
  const causes = problems.map((p) => ({ reason: p.reason, message: p.message, field: fieldPath(p.path) }));
  const bodies = causes.map((c) => `${c.field}: ${c.message}`);
  const aggregate = bodies.length === 1 ? bodies[0] : `[${bodies.join(', ')}]`;
  const qualifiedKind = group ? `${id.kind}.${group}` : id.kind;
  return new StatusError(422, 'Invalid', `${qualifiedKind} "${id.name}" is invalid: ${aggregate}`, { name: id.name, group, kind: id.kind, causes });
}

export function serverVerdict(id: ObjectIdentity, problems: Problem[], fieldValidation: 'Strict' | 'Warn'): Verdict {
  const decode = problems.filter((p) => p.stage === 'decode');
  if (decode.length) {
    // encoding/json returns a custom unmarshaler's error at once, else the first type error it saved.
    return { error: cannotBeHandled(id, (decode.find((p) => p.stopsDecoding) ?? decode[0]).message), warnings: [] };
  }
  const unknown = problems.filter((p) => p.stage === 'unknown').map((p) => p.message);
  if (unknown.length && fieldValidation === 'Strict') {
    return { error: cannotBeHandled(id, `strict decoding error: ${unknown.join(', ')}`), warnings: [] };
  }
  const warnings = fieldValidation === 'Warn' ? unknown : [];
  const invalidProblems = problems.filter((p) => p.stage === 'invalid');
  return invalidProblems.length ? { error: invalid(id, invalidProblems), warnings } : { warnings };
}
