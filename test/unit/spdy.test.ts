// The SPDY/3.1 server session: frames split anywhere, header blocks compressed as client-go's
// framer does (zlib with SPDY's dictionary, one stream, a sync flush per block), replies any
// inflater reads, pings echoed, FIN and RST_STREAM.
import { describe, expect, it, vi } from 'vitest';
import { constants, createDeflate, createInflate, type Deflate } from 'node:zlib';
import { FrameReader, HeaderWriter, SpdySession, controlFrame, dataFrame, encodeHeaderBlock, type Frame, type Headers, type SpdyStream } from '../../src/backends/spdy/session.js';
import { SPDY_DICTIONARY } from '../../src/backends/spdy/dictionary.js';

/** The client's side of header compression: one deflate stream, each block sync-flushed. */
function clientCompressor(): (headers: Headers) => Promise<Buffer> {
  const deflate: Deflate = createDeflate({ dictionary: SPDY_DICTIONARY, level: 9 });
  return (headers) => new Promise((resolve) => {
    deflate.write(encodeHeaderBlock(headers));
    deflate.flush(constants.Z_SYNC_FLUSH, () => resolve(deflate.read() as Buffer));
  });
}

function synStream(id: number, block: Buffer, flags = 0): Buffer {
  const head = Buffer.alloc(10);
  head.writeUInt32BE(id, 0);
  return controlFrame(1, flags, Buffer.concat([head, block]));
}

function session() {
  const sent: Frame[] = [];
  const reader = new FrameReader();
  const streams: SpdyStream[] = [];
  let closed = false;
  const s = new SpdySession({ send: (bytes) => sent.push(...reader.read(bytes)), close: () => (closed = true) }, { role: 'server', onStream: (stream) => streams.push(stream) });
  return { s, sent, streams, closed: () => closed };
}


describe('SPDY/3.1 frames', () => {
  it('reads frames split at any byte, and several in one chunk', () => {
    const bytes = Buffer.concat([dataFrame(3, 1, Buffer.from('hello')), controlFrame(6, 0, Buffer.from([0, 0, 0, 1]))]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const reader = new FrameReader();
      const frames = [...reader.read(bytes.subarray(0, cut)), ...reader.read(bytes.subarray(cut))];
      expect(frames).toEqual([
        { control: false, streamId: 3, flags: 1, payload: Buffer.from('hello') },
        { control: true, type: 6, flags: 0, payload: Buffer.from([0, 0, 0, 1]) },
      ]);
    }
  });

  it('writes the version, type, flags and 24-bit length in the first 8 bytes', () => {
    expect(controlFrame(2, 1, Buffer.alloc(3)).subarray(0, 8).toString('hex')).toBe('8003000201000003');
    expect(dataFrame(5, 1, Buffer.alloc(2)).subarray(0, 8).toString('hex')).toBe('0000000501000002');
  });

  it('header blocks it sends inflate, one after another, in a single zlib stream', async () => {
    const writer = new HeaderWriter();
    const inflate = createInflate({ dictionary: SPDY_DICTIONARY });
    for (const headers of [{}, { a: 'b' }, {}] as Headers[]) {
      inflate.write(writer.block(headers));
      const out = await new Promise<Buffer>((resolve) => inflate.flush(constants.Z_SYNC_FLUSH, () => resolve(inflate.read() as Buffer)));
      expect(out).toEqual(encodeHeaderBlock(headers));
    }
  });
});

describe('SPDY/3.1 server session', () => {
  it('replies to each stream the client opens, hands it over with its headers, carries DATA both ways and FIN', async () => {
    const { s, sent, streams } = session();
    const compress = clientCompressor();
    s.receive(synStream(1, await compress({ streamtype: 'error', port: '80', requestid: '0' })));
    s.receive(synStream(3, await compress({ streamtype: 'data', port: '80', requestid: '0' })));
    s.receive(dataFrame(3, 0, Buffer.from('ping')));
    await vi.waitFor(() => expect(streams.map((st) => [st.id, st.headers])).toEqual([
      [1, { streamtype: 'error', port: '80', requestid: '0' }],
      [3, { streamtype: 'data', port: '80', requestid: '0' }],
    ]));
    expect(sent.filter((f) => f.control && f.type === 2).map((f) => f.payload.readUInt32BE(0))).toEqual([1, 3]);
    await vi.waitFor(() => expect(streams[1]!.readableLength).toBe(4));
    expect(streams[1]!.read()?.toString()).toBe('ping');
    streams[1]!.end('pong');
    await vi.waitFor(() => expect(sent.at(-1)).toMatchObject({ flags: 1 }));
    expect(sent.slice(-2)).toEqual([
      { control: false, streamId: 3, flags: 0, payload: Buffer.from('pong') },
      { control: false, streamId: 3, flags: 1, payload: Buffer.alloc(0) },
    ]);
  });

  it('echoes the client\'s pings, and answers a stream ID that goes backwards with RST_STREAM', async () => {
    const { s, sent } = session();
    const compress = clientCompressor();
    s.receive(controlFrame(6, 0, Buffer.from([0, 0, 0, 7])));
    s.receive(synStream(5, await compress({})));
    s.receive(synStream(3, await compress({})));
    await vi.waitFor(() => expect(sent.at(-1)).toMatchObject({ type: 3 }));
    expect(sent[0]).toEqual({ control: true, type: 6, flags: 0, payload: Buffer.from([0, 0, 0, 7]) });
    expect(sent.at(-1)).toEqual({ control: true, type: 3, flags: 0, payload: Buffer.from([0, 0, 0, 3, 0, 0, 0, 1]) });
  });

  it('a header block that does not inflate ends the session with GOAWAY', async () => {
    const { s, sent, closed } = session();
    s.receive(synStream(1, Buffer.from('not zlib at all')));
    await vi.waitFor(() => expect(closed()).toBe(true));
    expect(sent.at(-1)).toMatchObject({ control: true, type: 7 });
    expect(closed()).toBe(true);
  });

  it('RST_STREAM from the client destroys the stream', async () => {
    const { s, streams } = session();
    s.receive(synStream(1, await clientCompressor()({})));
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    s.receive(controlFrame(3, 0, Buffer.from([0, 0, 0, 1, 0, 0, 0, 5])));
    await vi.waitFor(() => expect(streams[0]!.destroyed).toBe(true));
  });

  it('a client session and a server session joined back to back: streams open, carry bytes both ways and end', async () => {
    let server!: SpdySession;
    const client = new SpdySession({ send: (b) => setImmediate(() => server.receive(b)), close: () => {} }, { role: 'client' });
    server = new SpdySession({ send: (b) => setImmediate(() => client.receive(b)), close: () => {} }, {
      role: 'server',
      onStream: (stream) => {
        stream.on('data', (d: Buffer) => stream.write(`${stream.headers.greeting} ${d}`));
        stream.on('end', () => stream.end());
      },
    });
    for (const greeting of ['hello', 'hi']) {
      const stream = await client.open({ greeting });
      let echoed = '';
      stream.on('data', (d: Buffer) => (echoed += d));
      const ended = new Promise((r) => stream.on('end', r));
      stream.end('there');
      await ended;
      expect(echoed).toBe(`${greeting} there`);
    }
  });
});
