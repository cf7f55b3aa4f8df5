// undici's connection pools and request API without the rest of the package (fetch, WebSocket,
// caches, mocks): what its index does for these parts, so a remote request loads a fraction of it.
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import api from 'undici/lib/api/index.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import ProxyAgent from 'undici/lib/dispatcher/proxy-agent.js';

// request() and connect() (which ProxyAgent uses for its tunnels) are methods every dispatcher has.
Object.assign(Dispatcher.prototype, api);

export { Agent, ProxyAgent };
