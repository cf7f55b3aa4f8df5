// The part of the `ws` package (installed with @kubernetes/client-node, bundled by esbuild) that
// exec, attach and port-forward use; the package ships no types of its own.
declare module 'ws' {
  import type { EventEmitter } from 'node:events';
  import type { IncomingMessage, ClientRequest } from 'node:http';
  import type { Duplex } from 'node:stream';
  import type { SecureContextOptions } from 'node:tls';

  type Data = Buffer | ArrayBuffer | Buffer[];

  export interface ClientOptions extends Pick<SecureContextOptions, 'ca' | 'cert' | 'key'> {
    headers?: Record<string, string | string[]>;
    rejectUnauthorized?: boolean;
    servername?: string;
    perMessageDeflate?: boolean;
    handshakeTimeout?: number;
  }

  class WebSocket extends EventEmitter {
    static readonly OPEN: number;
    constructor(address: string, protocols?: string | string[], options?: ClientOptions);
    readonly protocol: string;
    readonly readyState: number;
    send(data: Buffer | Uint8Array | string, cb?: (err?: Error) => void): void;
    close(code?: number, reason?: string): void;
    terminate(): void;
    on(event: 'message', listener: (data: Data, isBinary: boolean) => void): this;
    on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
    on(event: 'open', listener: () => void): this;
    on(event: 'unexpected-response', listener: (req: ClientRequest, res: IncomingMessage) => void): this;
    on(event: string, listener: (...args: any[]) => void): this;
  }

  export interface ServerOptions {
    noServer?: boolean;
    perMessageDeflate?: boolean;
    handleProtocols?: (protocols: Set<string>, request: IncomingMessage) => string | false;
  }

  export class WebSocketServer extends EventEmitter {
    constructor(options: ServerOptions);
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, callback: (ws: WebSocket, request: IncomingMessage) => void): void;
    close(): void;
  }

  export { WebSocket };
  export default WebSocket;
}
