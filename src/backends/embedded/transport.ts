// The in-process transport: requests go straight to the embedded API server's handler.
import type { ApiRequest, ApiResponse, StreamResponse, Transport } from '../transport.js';
import type { OpenCluster } from './cluster.js';

export function createEmbeddedTransport(cluster: OpenCluster): Transport {
  const server = cluster.server;
  return {
    server: `https://127.0.0.1:${cluster.record.port}`,
    async request(req: ApiRequest): Promise<ApiResponse> {
      const res = await server.handle(req);
      if (res.stream) {
        res.stream.close();
        return { status: 500, headers: res.headers, body: '' };
      }
      return { status: res.status, headers: res.headers, body: res.body ?? '' };
    },
    async stream(req: ApiRequest): Promise<StreamResponse> {
      const res = await server.handle(req);
      if (!res.stream) {
        const body = res.body ?? '';
        return { status: res.status, headers: res.headers, chunks: (async function* () { if (body) yield body; })(), close() {} };
      }
      return { status: res.status, headers: res.headers, chunks: res.stream, close: () => res.stream!.close() };
    },
    async close() {
      cluster.close();
    },
  };
}
