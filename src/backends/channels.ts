// Upgraded connections as Channels: a WebSocket (of the `ws` package), whose binary messages are
// the channel's, and a plain upgraded socket, whose bytes arrive as messages as they come.
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Channel } from './transport.js';

const OPEN = 1;

export function wsChannel(ws: WebSocket): Channel {
  return {
    get protocol() {
      return ws.protocol;
    },
    send: (data) => {
      if (ws.readyState === OPEN) ws.send(data);
    },
    close: () => ws.close(1000),
    onMessage: (listener) => ws.on('message', (data) => listener(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer))),
    onClose: (listener) => ws.on('close', () => listener()),
  };
}

/** `head`: what arrived with the upgrade, before the socket was handed over. */
export function socketChannel(socket: Duplex, head: Buffer, protocol: string): Channel {
  socket.on('error', () => socket.destroy());
  return {
    protocol,
    send: (data) => {
      if (!socket.destroyed) socket.write(data);
    },
    close: () => socket.end(),
    onMessage: (listener) => {
      if (head.length) listener(head);
      socket.on('data', (data: Buffer) => listener(data));
    },
    onClose: (listener) => socket.on('close', () => listener()),
  };
}
