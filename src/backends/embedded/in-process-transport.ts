// Requests handed straight to the embedded API server's handler, as the controllers send them;
// exec and port-forward channels joined in-process to what the served API runs over WebSocket.
import { UpgradeRefused, type ApiRequest, type ApiResponse, type Channel, type ChannelRequest, type StreamResponse, type Transport } from '../transport.js';
import type { ApiServer } from './apiserver/server.js';
import { ADMIN_USER, type UserInfo } from './apiserver/auth/user.js';
import { ApiError } from './apiserver/status.js';
import { actingUser } from './apiserver/auth/impersonation.js';

/**
 * `decodedBodies`: bodies travel as JSON values (see Transport.decodedBodies), for the control
 * plane's own clients; `userAgent`: sent with every request that names none (a component's own).
 */
export function inProcessTransport(server: ApiServer, serverUrl = 'embedded://', user: UserInfo = ADMIN_USER, decodedBodies = false, userAgent?: string): Transport {
  return {
    server: serverUrl,
    decodedBodies,
    async request(req: ApiRequest): Promise<ApiResponse> {
      if (userAgent && !req.headers?.['user-agent']) req = { ...req, headers: { ...req.headers, 'user-agent': userAgent } };
      const res = await server.handle(req, user);
      if (res.stream) {
        res.stream.close();
        return { status: 500, headers: res.headers, body: '' };
      }
      // The body is read (and, for an answer made as a value, written) only when asked for.
      return { status: res.status, headers: res.headers, value: res.value, get body() { return res.body ?? ''; } };
    },
    async stream(req: ApiRequest): Promise<StreamResponse> {
      const res = await server.handle(req, user);
      if (!res.stream) {
        const body = res.body ?? '';
        return { status: res.status, headers: res.headers, chunks: (async function* () { if (body) yield body; })(), close() {} };
      }
      return { status: res.status, headers: res.headers, chunks: res.stream, close: () => res.stream!.close() };
    },
    async channel(req: ChannelRequest): Promise<Channel> {
      // Loaded when first used: commands other than exec and port-forward never need them.
      const [{ channelSession, refusalOf }, { channelPair }] = await Promise.all([import('./apiserver/stream-upgrade.js'), import('./channel-pair.js')]);
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(req.query)) for (const v of [value].flat()) query.append(key, v);
      try {
        // An upgrade needs "create" on the subresource, as it does when served, by whom it acts as.
        server.authorize({ method: 'POST', path: req.path, query: Object.fromEntries(query) }, actingUser(req.headers, user, server.authorizer));
        const session = channelSession(server, req.path, query, new Set(req.protocols));
        if (!session) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
        const [client, peer] = channelPair(session.protocol);
        session.run(peer);
        return client;
      } catch (e) {
        const { code, body } = refusalOf(e);
        throw new UpgradeRefused(code, body);
      }
    },
    async close() {},
  };
}
