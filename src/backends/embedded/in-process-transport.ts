// Requests handed straight to the embedded API server's handler, as the controllers send them.
import type { ApiRequest, ApiResponse, StreamResponse, Transport } from '../transport.js';
import type { ApiServer } from './apiserver/server.js';
import { ADMIN_USER, type UserInfo } from './apiserver/auth/user.js';

export function inProcessTransport(server: ApiServer, serverUrl = 'embedded://', user: UserInfo = ADMIN_USER): Transport {
  return {
    server: serverUrl,
    async request(req: ApiRequest): Promise<ApiResponse> {
      const res = await server.handle(req, user);
      if (res.stream) {
        res.stream.close();
        return { status: 500, headers: res.headers, body: '' };
      }
      return { status: res.status, headers: res.headers, body: res.body ?? '' };
    },
    async stream(req: ApiRequest): Promise<StreamResponse> {
      const res = await server.handle(req, user);
      if (!res.stream) {
        const body = res.body ?? '';
        return { status: res.status, headers: res.headers, chunks: (async function* () { if (body) yield body; })(), close() {} };
      }
      return { status: res.status, headers: res.headers, chunks: res.stream, close: () => res.stream!.close() };
    },
    async close() {},
  };
}
