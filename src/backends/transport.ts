// The one API surface: every command talks to a Transport, never to a backend directly.
// Both the embedded control plane (in-process) and a real API server (HTTPS) implement it.

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  method: HttpMethod;
  /** Absolute API path without query, e.g. /api/v1/namespaces/default/pods */
  path: string;
  query?: Record<string, string>;
  /** Header names in lower case. */
  headers?: Record<string, string>;
  /** Request body as text (JSON, or a patch document). */
  body?: string;
}

export interface ApiResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/** A streaming response (watch, logs -f): chunks of text until the server or the caller ends it. */
export interface StreamResponse {
  status: number;
  headers: Record<string, string>;
  chunks: AsyncIterable<string>;
  close(): void;
}

export interface Transport {
  /** Where requests go, for traces and messages (a URL, or "embedded://NAME"). */
  readonly server: string;
  request(req: ApiRequest): Promise<ApiResponse>;
  stream(req: ApiRequest): Promise<StreamResponse>;
  close(): Promise<void>;
}

export function queryString(query: Record<string, string> | undefined): string {
  if (!query) return '';
  // Sorted by key, as Go's url.Values encodes them.
  const entries = Object.entries(query).filter(([, v]) => v !== undefined && v !== '').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '';
  return '?' + new URLSearchParams(entries).toString();
}
