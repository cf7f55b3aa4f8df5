// A WebSocket (of the `ws` package) as a Channel: binary messages in and out, one close.
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
