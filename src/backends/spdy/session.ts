// SPDY/3.1 sessions (draft-mbelshe-httpbis-spdy-00), the framing client-go's port-forward
// speaks, on either side, either straight over an upgraded HTTP connection or tunnelled through
// WebSocket binary messages ("SPDY/3.1+portforward.k8s.io"). Every frame starts with 8 bytes: a
// control frame has the high bit set, the version (3) and its type, then 8 bits of flags and a
// 24-bit length; a data frame has the 31-bit stream ID, then flags and length. Header blocks in
// SYN_STREAM, SYN_REPLY and HEADERS are zlib-compressed against a preset dictionary, one zlib
// stream per direction for the whole session. Streams are Duplexes: the peer's DATA arrives as
// readable bytes, what is written goes out as DATA, end() sends FIN.
import { Duplex } from 'node:stream';
import { constants, createInflate, type Inflate } from 'node:zlib';
import { SPDY_DICTIONARY } from './dictionary.js';

const VERSION = 3;
const TYPE = { synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goAway: 7, headers: 8, windowUpdate: 9 } as const;
const FLAG_FIN = 0x01;
/** RST_STREAM and GOAWAY status codes. */
export const STATUS = { protocolError: 1, cancel: 5 } as const;
const MAX_FRAME_DATA = 0xffffff;

export type Frame =
  | { control: true; type: number; flags: number; payload: Buffer }
  | { control: false; streamId: number; flags: number; payload: Buffer };

/** Frames out of a byte stream that arrives in arbitrary pieces. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  *read(chunk: Buffer): Generator<Frame> {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const length = this.pending.readUInt32BE(4) & MAX_FRAME_DATA;
      if (this.pending.length < 8 + length) return;
      const flags = this.pending[4]!;
      const payload = this.pending.subarray(8, 8 + length);
      const first = this.pending.readUInt32BE(0);
      this.pending = this.pending.subarray(8 + length);
      if (first & 0x80000000) yield { control: true, type: first & 0xffff, flags, payload };
      else yield { control: false, streamId: first, flags, payload };
    }
  }
}

function frameHead(first: number, flags: number, length: number): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(first >>> 0, 0);
  head.writeUInt32BE(((flags << 24) | length) >>> 0, 4);
  return head;
}

export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  return Buffer.concat([frameHead((0x8000 | VERSION) * 0x10000 + type, flags, payload.length), payload]);
}

export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  return Buffer.concat([frameHead(streamId & 0x7fffffff, flags, data.length), data]);
}

function uint32s(...values: number[]): Buffer {
  const out = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => out.writeUInt32BE(v >>> 0, 4 * i));
  return out;
}

/** Header names are lower case; a name's several values travel NUL-separated. */
export type Headers = Record<string, string>;

/** The uncompressed header block: a count, then each name and value with a 32-bit length. */
export function encodeHeaderBlock(headers: Headers): Buffer {
  const parts = [uint32s(Object.keys(headers).length)];
  for (const [name, value] of Object.entries(headers)) {
    for (const text of [name, value]) {
      const bytes = Buffer.from(text);
      parts.push(uint32s(bytes.length), bytes);
    }
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): Headers {
  const headers: Headers = {};
  let at = 0;
  const take = (n: number) => {
    if (at + n > block.length) throw new Error('truncated header block');
    const out = block.subarray(at, at + n);
    at += n;
    return out;
  };
  const count = take(4).readUInt32BE(0);
  for (let i = 0; i < count; i++) {
    const name = take(take(4).readUInt32BE(0)).toString().toLowerCase();
    const value = take(take(4).readUInt32BE(0)).toString();
    // Get() semantics: the first of several values.
    headers[name] = value.split('\0')[0]!;
  }
  return headers;
}

/**
 * Header blocks we send: stored (uncompressed) deflate blocks in one zlib stream, which every
 * inflater reads whatever its dictionary, each block followed by the empty stored block of a sync
 * flush, which is what makes the peer's inflater hand the bytes over. Our replies carry no headers,
 * so compressing them would gain nothing.
 */
export class HeaderWriter {
  private started = false;

  block(headers: Headers): Buffer {
    const raw = encodeHeaderBlock(headers);
    const parts: Buffer[] = [];
    if (!this.started) {
      // CMF 0x78 (deflate, 32K window), FLG 0x01: no preset dictionary, (CMF*256+FLG) % 31 == 0.
      parts.push(Buffer.from([0x78, 0x01]));
      this.started = true;
    }
    for (let at = 0; at < raw.length; at += 0xffff) parts.push(storedBlock(raw.subarray(at, at + 0xffff)));
    parts.push(storedBlock(Buffer.alloc(0)));
    return Buffer.concat(parts);
  }
}

/** A non-final stored deflate block: a zero byte (BFINAL 0, BTYPE 00), LEN and its complement, the bytes. */
function storedBlock(bytes: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt16LE(bytes.length, 1);
  head.writeUInt16LE(~bytes.length & 0xffff, 3);
  return Buffer.concat([head, bytes]);
}

/** The peer's header blocks: one inflate stream with SPDY's dictionary for the whole session. */
export class HeaderReader {
  private inflate: Inflate = createInflate({ dictionary: SPDY_DICTIONARY });
  private failure: Error | undefined;

  constructor() {
    this.inflate.on('error', (e) => (this.failure = e));
  }

  decode(block: Buffer): Promise<Headers> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      // A block that does not inflate fails the stream, and the flush never calls back.
      this.inflate.once('error', reject);
      this.inflate.write(block);
      // The peer ends each block with a sync flush: all of it inflates now.
      this.inflate.flush(constants.Z_SYNC_FLUSH, () => {
        this.inflate.off('error', reject);
        if (this.failure) return reject(this.failure);
        try {
          resolve(decodeHeaderBlock((this.inflate.read() as Buffer | null) ?? Buffer.alloc(0)));
        } catch (e) {
          reject(e);
        }
      });
    });
  }

  close(): void {
    this.inflate.close();
  }
}

/** Where the session's bytes go: a socket, or a WebSocket's binary messages. */
export interface Link {
  send(bytes: Buffer): void;
  close(): void;
}

/** One stream of a session, whichever side opened it. */
export class SpdyStream extends Duplex {
  constructor(readonly id: number, readonly headers: Headers, private readonly session: SpdySession) {
    super({ allowHalfOpen: true });
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.session.sendData(this.id, chunk, false);
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    this.session.sendData(this.id, Buffer.alloc(0), true);
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.session.forget(this.id);
    done(error);
  }

  /** Abandon the stream in both directions (RST_STREAM). */
  reset(status: number = STATUS.cancel): void {
    if (this.destroyed) return;
    this.session.sendControl(TYPE.rstStream, 0, uint32s(this.id, status));
    this.destroy();
  }

  /** DATA from the peer; FIN ends the readable side. */
  receive(data: Buffer, fin: boolean): void {
    if (data.length && !this.readableEnded) this.push(data);
    if (fin) this.push(null);
  }
}

export interface SessionOptions {
  /** The client opens odd-numbered streams; the server answers them (and could open even ones). */
  role: 'client' | 'server';
  /** Streams the peer opens, once answered with an empty SYN_REPLY. */
  onStream?: (stream: SpdyStream) => void;
  /** The session ended: the link closed, the peer went away or sent what could not be read. */
  onEnd?: () => void;
}

/**
 * A session over a link. Streams the peer opens are answered with an empty SYN_REPLY and handed
 * to `onStream`; `open` starts one of ours and resolves at the peer's SYN_REPLY. The peer's PINGs
 * are echoed; SETTINGS, WINDOW_UPDATE and HEADERS need nothing (Kubernetes' peers do no flow
 * control). A malformed frame ends the session with GOAWAY.
 */
export class SpdySession {
  private readonly frames = new FrameReader();
  private readonly headersIn = new HeaderReader();
  private readonly headersOut = new HeaderWriter();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly replies = new Map<number, { resolve: (s: SpdyStream) => void; reject: (e: Error) => void }>();
  private queue: Promise<void> = Promise.resolve();
  private lastStreamId = 0;
  private nextStreamId: number;
  private closed = false;

  constructor(private readonly link: Link, private readonly opts: SessionOptions) {
    this.nextStreamId = opts.role === 'client' ? 1 : 2;
  }

  /** Bytes from the peer. Frames are handled in order (header blocks inflate asynchronously). */
  receive(bytes: Buffer): void {
    try {
      for (const frame of this.frames.read(bytes)) {
        this.queue = this.queue.then(() => this.handle(frame)).catch(() => this.fail());
      }
    } catch {
      this.fail();
    }
  }

  /** Open a stream with these headers; resolves once the peer replies. */
  open(headers: Headers): Promise<SpdyStream> {
    if (this.closed) return Promise.reject(new Error('the session has ended'));
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    const stream = new SpdyStream(id, headers, this);
    this.streams.set(id, stream);
    stream.on('error', () => stream.destroy());
    // Stream ID, associated stream ID, priority and slot, then the header block.
    this.sendControl(TYPE.synStream, 0, Buffer.concat([uint32s(id, 0), Buffer.alloc(2), this.headersOut.block(headers)]));
    return new Promise((resolve, reject) => this.replies.set(id, { resolve: () => resolve(stream), reject }));
  }

  /** The link is gone: every stream ends. */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of [...this.streams.values()]) stream.destroy();
    for (const waiting of this.replies.values()) waiting.reject(new Error('the session has ended'));
    this.replies.clear();
    this.headersIn.close();
    this.opts.onEnd?.();
  }

  /** End the session politely: GOAWAY, then the link. */
  close(): void {
    this.sendControl(TYPE.goAway, 0, uint32s(this.lastStreamId, 0));
    this.end();
    this.link.close();
  }

  sendData(streamId: number, data: Buffer, fin: boolean): void {
    for (let at = 0; at < data.length; at += MAX_FRAME_DATA) {
      const piece = data.subarray(at, at + MAX_FRAME_DATA);
      this.send(dataFrame(streamId, fin && at + MAX_FRAME_DATA >= data.length ? FLAG_FIN : 0, piece));
    }
    if (fin && data.length === 0) this.send(dataFrame(streamId, FLAG_FIN, data));
  }

  sendControl(type: number, flags: number, payload: Buffer): void {
    this.send(controlFrame(type, flags, payload));
  }

  forget(streamId: number): void {
    this.streams.delete(streamId);
  }

  private send(bytes: Buffer): void {
    if (!this.closed) this.link.send(bytes);
  }

  private fail(): void {
    this.sendControl(TYPE.goAway, 0, uint32s(this.lastStreamId, STATUS.protocolError));
    this.end();
    this.link.close();
  }

  private async handle(frame: Frame): Promise<void> {
    if (this.closed) return;
    if (!frame.control) {
      this.streams.get(frame.streamId)?.receive(frame.payload, (frame.flags & FLAG_FIN) !== 0);
      return;
    }
    const streamId = frame.payload.length >= 4 ? frame.payload.readUInt32BE(0) & 0x7fffffff : 0;
    switch (frame.type) {
      case TYPE.synStream: return this.opened(frame);
      case TYPE.synReply: return this.replied(streamId, frame);
      case TYPE.rstStream: {
        this.replies.get(streamId)?.reject(new Error('stream reset'));
        this.replies.delete(streamId);
        this.streams.get(streamId)?.destroy();
        return;
      }
      case TYPE.ping: {
        // A ping the peer started (odd IDs are the client's) is answered with the same frame.
        if (streamId % 2 === (this.opts.role === 'client' ? 0 : 1)) this.sendControl(TYPE.ping, 0, frame.payload);
        return;
      }
      case TYPE.goAway: {
        this.end();
        this.link.close();
        return;
      }
      case TYPE.headers:
        // Its block still advances the shared inflate stream.
        await this.headersIn.decode(frame.payload.subarray(4));
        return;
      default:
        return;
    }
  }

  private async replied(id: number, frame: Extract<Frame, { control: true }>): Promise<void> {
    await this.headersIn.decode(frame.payload.subarray(4));
    const stream = this.streams.get(id);
    this.replies.get(id)?.resolve(stream!);
    this.replies.delete(id);
    if (stream && frame.flags & FLAG_FIN) stream.receive(Buffer.alloc(0), true);
  }

  private async opened(frame: Extract<Frame, { control: true }>): Promise<void> {
    const id = frame.payload.readUInt32BE(0) & 0x7fffffff;
    const headers = await this.headersIn.decode(frame.payload.subarray(10));
    const theirs = this.opts.role === 'client' ? 0 : 1;
    if (id === 0 || id % 2 !== theirs || id <= this.lastStreamId || !this.opts.onStream) {
      this.sendControl(TYPE.rstStream, 0, uint32s(id, STATUS.protocolError));
      return;
    }
    this.lastStreamId = id;
    const stream = new SpdyStream(id, headers, this);
    this.streams.set(id, stream);
    stream.on('error', () => stream.destroy());
    this.sendControl(TYPE.synReply, 0, Buffer.concat([uint32s(id), this.headersOut.block({})]));
    if (frame.flags & FLAG_FIN) stream.receive(Buffer.alloc(0), true);
    this.opts.onStream(stream);
  }
}
