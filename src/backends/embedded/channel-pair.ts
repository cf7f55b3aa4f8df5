// Two connected in-process Channel ends, for exec and port-forward on the embedded cluster without a
// socket. As over a network, what one end sends arrives later (never inside send), in order, and is
// held until the other end listens; closing either end closes both, after what was already sent.
import type { Channel } from '../transport.js';

class PairEnd implements Channel {
  peer!: PairEnd;
  private readonly inbox: Array<Buffer | null> = [];
  private messageListener?: (data: Buffer) => void;
  private closeListener?: () => void;
  private open = true;

  constructor(readonly protocol: string) {}

  send(data: Buffer): void {
    if (this.open) this.peer.post(Buffer.from(data));
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.peer.post(null);
    this.post(null);
  }

  onMessage(listener: (data: Buffer) => void): void {
    this.messageListener = listener;
    setImmediate(() => this.drain());
  }

  onClose(listener: () => void): void {
    this.closeListener = listener;
    setImmediate(() => this.drain());
  }

  private post(item: Buffer | null): void {
    this.inbox.push(item);
    setImmediate(() => this.drain());
  }

  private drain(): void {
    while (this.inbox.length > 0) {
      const item = this.inbox[0]!;
      if (item === null) {
        if (!this.closeListener) return;
        this.inbox.length = 0;
        this.open = false;
        const listener = this.closeListener;
        this.closeListener = undefined;
        listener();
        return;
      }
      if (!this.messageListener) return;
      this.inbox.shift();
      this.messageListener(item);
    }
  }
}

export function channelPair(protocol: string): [Channel, Channel] {
  const a = new PairEnd(protocol);
  const b = new PairEnd(protocol);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
