export { createRemoteTransport, type RemoteTransportOptions } from './transport.js';
export { TransportError } from './errors.js';
