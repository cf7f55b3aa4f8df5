// Watching through any transport: the stream of JSON watch events, one per line however the
// transport cuts the chunks, ended by the server, the caller, or an ERROR event.
import type { KubeClient } from './client.js';
import { statusErrorFrom } from './errors.js';

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: any;
}

export interface Watch extends AsyncIterable<WatchEvent> {
  close(): void;
}

export async function watch(client: KubeClient, path: string, query: Record<string, string>, accept = 'application/json'): Promise<Watch> {
  const res = await client.transport.stream({ method: 'GET', path, query: { ...query, watch: 'true' }, headers: { accept } });
  if (res.status < 200 || res.status > 299) {
    let body = '';
    for await (const chunk of res.chunks) body += chunk;
    throw statusErrorFrom(res.status, body);
  }
  return {
    close: () => res.close(),
    async *[Symbol.asyncIterator]() {
      let pending = '';
      try {
        for await (const chunk of res.chunks) {
          pending += chunk;
          let newline: number;
          while ((newline = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, newline).trim();
            pending = pending.slice(newline + 1);
            if (line) yield JSON.parse(line) as WatchEvent;
          }
        }
        if (pending.trim()) yield JSON.parse(pending) as WatchEvent;
      } finally {
        res.close();
      }
    },
  };
}
