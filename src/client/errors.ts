// Errors a command ends with, worded as kubectl words them (cmdutil.StandardErrorMessage/CheckErr).

/** A failure whose message is the complete line to print. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** The command cannot go on at all (its cluster's state cannot be written): it ends with this line. */
export class FatalError extends CliError {}

export interface StatusCause { reason?: string; message?: string; field?: string }

/** A metav1.Status failure answered by the API server. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string | undefined,
    message: string,
    readonly details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] },
  ) {
    super(message);
  }

  /** The same error with kubectl's "error when creating "file": " prefix (cmdutil.AddSourceToErr). */
  withSource(verb: string, source: string): StatusError {
    if (!source) return this;
    return new StatusError(this.code, this.reason, `error when ${verb} "${source}": ${this.message}`, this.details);
  }
}

export function statusErrorFrom(status: number, body: string): StatusError {
  try {
    const s = JSON.parse(body);
    if (s && s.kind === 'Status') return new StatusError(s.code ?? status, s.reason || undefined, s.message ?? '', s.details);
  } catch {
    // not a Status: fall through to the generic message client-go makes from the code
  }
  return new StatusError(status, reasonForCode(status), genericMessage(status, body));
}

function reasonForCode(code: number): string | undefined {
  return ({ 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed', 409: 'Conflict', 410: 'Expired', 415: 'UnsupportedMediaType', 422: 'Invalid', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout' } as Record<number, string>)[code];
}

function genericMessage(code: number, body: string): string {
  const text = body.trim();
  if (code === 404) return 'the server could not find the requested resource';
  if (code === 401) return 'the server has asked for the client to provide credentials';
  if (code === 403) return text || 'forbidden';
  return text ? `an error on the server ("${text.slice(0, 200)}") has prevented the request from succeeding` : `the server responded with the status code ${code} but did not return more information`;
}

/** The line (or lines) kubectl prints for an error. */
export function formatError(e: unknown): string {
  if (e instanceof CliError) return e.message;
  if (e instanceof StatusError) {
    if (e.reason === 'Invalid' && e.details && (e.details.kind || e.details.name)) {
      const head = `The ${e.details.kind ?? ''} "${e.details.name ?? ''}" is invalid`;
      const causes = (e.details.causes ?? []).map((c) => (c.field ? `${c.field}: ${c.message ?? ''}` : c.message ?? ''));
      if (causes.length === 0) return head;
      if (causes.length === 1) return `${head}: ${causes[0]}`;
      return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
    }
    if (e.reason === 'Unauthorized') return `error: You must be logged in to the server (${e.message})`;
    return e.reason ? `Error from server (${e.reason}): ${e.message}` : `Error from server: ${e.message}`;
  }
  if (e instanceof Error && e.name === 'KubeconfigError') return e.message;
  if (e instanceof Error && e.name === 'TransportError') return e.message;
  const message = e instanceof Error ? e.message : String(e);
  return message.startsWith('error: ') ? message : `error: ${message}`;
}
