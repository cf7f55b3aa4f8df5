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
  /** The body as a JSON value instead of text, to a transport that takes one (Transport.decodedBodies). */
  object?: unknown;
  /** `object` is the server's to change: nobody holds it any more (RequestOptions.handOff). */
  objectHandedOff?: boolean;
}

export interface ApiResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /**
   * The body already parsed, when the transport has it at hand: JSON.parse(body) without the round
   * trip. The embedded API server answers in-process with a value made for that answer alone (a
   * Table, discovery), and answers a write sent as a decoded body (ApiRequest.object) in kind.
   * Read-only: it may hold objects the server shares.
   */
  value?: unknown;
}

/** A streaming response (watch, logs -f): chunks of text until the server or the caller ends it. */
export interface StreamResponse {
  status: number;
  headers: Record<string, string>;
  chunks: AsyncIterable<string>;
  close(): void;
}

/**
 * An upgraded request to pods/exec or pods/portforward, spoken in the Kubernetes channel protocol
 * (each binary message led by its channel number): over WebSocket to a real API server, in-process
 * to the embedded one.
 */
export interface ChannelRequest {
  path: string;
  /** Repeated parameters (exec's command) as arrays. */
  query: Record<string, string | string[]>;
  /** Subprotocols offered, preferred first; PORT_FORWARD_SPDY alone asks for port-forward's SPDY session. */
  protocols: string[];
  /** Headers for the upgrade request (impersonation), lower-case names. */
  headers?: Record<string, string>;
}

/**
 * Port-forward as kubectl speaks it: one SPDY/3.1 session whose bytes the channel's messages carry
 * (tunnelled in WebSocket by kubectl; a plain SPDY upgrade from tkctl, which kubectl falls back to).
 */
export const PORT_FORWARD_SPDY = 'SPDY/3.1+portforward.k8s.io';

/** Either end of an open channel connection. */
export interface Channel {
  /** The subprotocol agreed on. */
  readonly protocol: string;
  send(data: Buffer): void;
  close(): void;
  onMessage(listener: (data: Buffer) => void): void;
  /** Called once, when either end closes. */
  onClose(listener: () => void): void;
}

/** The server refused the upgrade: its status code and body (a Status, or the kubelet's text). */
export class UpgradeRefused extends Error {
  constructor(readonly code: number, readonly body: string) {
    super(`upgrade refused with ${code}`);
  }
}

export interface Transport {
  /** Where requests go, for traces and messages (a URL, or "embedded://NAME"). */
  readonly server: string;
  /**
   * Takes request bodies and gives the bodies of writes' answers as JSON values, with no text in
   * between: the control plane's in-process client, whose requests nobody traces.
   */
  readonly decodedBodies?: boolean;
  request(req: ApiRequest): Promise<ApiResponse>;
  stream(req: ApiRequest): Promise<StreamResponse>;
  /** Open a channel connection; rejects with UpgradeRefused when the server says no. */
  channel(req: ChannelRequest): Promise<Channel>;
  close(): Promise<void>;
}

export function queryString(query: Record<string, string> | undefined): string {
  if (!query) return '';
  // Sorted by key, as Go's url.Values encodes them.
  const entries = Object.entries(query).filter(([, v]) => v !== undefined && v !== '').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '';
  return '?' + new URLSearchParams(entries).toString();
}
