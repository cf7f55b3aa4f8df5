// undici's connection pools and request API without the rest of the package (fetch, WebSocket,
// caches, mocks): what its index does for these parts, so a remote request loads a fraction of it.
import { setFlagsFromString } from 'node:v8';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import api from 'undici/lib/api/index.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import ProxyAgent from 'undici/lib/dispatcher/proxy-agent.js';
import buildConnector from 'undici/lib/core/connect.js';

// request() and connect() (which ProxyAgent uses for its tunnels) are methods every dispatcher has.
Object.assign(Dispatcher.prototype, api);

export { Agent, ProxyAgent, buildConnector };

let parserCompiled = false;

/**
 * Runs the process's first request with undici's HTTP/1.1 parser compiled by Liftoff alone.
 *
 * undici compiles llhttp (WebAssembly) at its first connection. V8 then recompiles the parser's
 * one large state machine with TurboFan in a background job, ~100 ms of CPU, and a process does
 * not exit before its background jobs end: a command that makes a few requests only waits for it.
 * Liftoff's code, compiled while --liftoff-only is set, carries no tier-up checks. The flags are
 * set back once that first request is answered or has failed: V8 accepts a code cache only under
 * the flags it was made with, and the launcher's (bin/tkctl.cjs) is made and read under the
 * defaults.
 */
export async function withBaselineParser<T>(request: () => Promise<T>): Promise<T> {
  if (parserCompiled) return request();
  parserCompiled = true;
  setFlagsFromString('--liftoff-only');
  try {
    return await request();
  } finally {
    // --liftoff-only turns these two off; setting all three back restores V8's defaults exactly.
    setFlagsFromString('--no-liftoff-only --wasm-tier-up --wasm-dynamic-tiering');
  }
}
