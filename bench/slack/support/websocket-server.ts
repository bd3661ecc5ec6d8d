import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Just enough of a WebSocket server (RFC 6455) to stand in for Slack's Socket Mode endpoint on
 * loopback: the handshake, text frames both ways, pong for the client's pings, and close. keyplan
 * declares no WebSocket package, and the Socket Mode client brings its own (undici's) client only.
 */

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface WebSocketPeer {
  send(text: string): void;
  close(): void;
  onMessage(listener: (text: string) => void): void;
  readonly closed: Promise<void>;
}

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 65_536
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(length)]);
  return Buffer.concat([head, payload]);
}

function bigLength(length: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(BigInt(length));
  return buffer;
}

/** Completes the handshake of an `upgrade` request and returns the connection. */
export function acceptWebSocket(request: IncomingMessage, socket: Duplex): WebSocketPeer {
  const key = request.headers['sec-websocket-key'];
  if (typeof key !== 'string') {
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    throw new Error('not a WebSocket handshake');
  }
  const accept = createHash('sha1').update(`${key}${GUID}`).digest('base64');
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  const listeners: ((text: string) => void)[] = [];
  let buffered = Buffer.alloc(0);
  let fragments: Buffer[] = [];
  let open = true;
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const end = () => {
    if (!open) return;
    open = false;
    resolveClosed();
  };
  socket.on('close', end);
  socket.on('error', end);
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      if (buffered.length < 2) return;
      const first = buffered[0] as number;
      const second = buffered[1] as number;
      let length = second & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffered.length < 4) return;
        length = buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffered.length < 10) return;
        length = Number(buffered.readBigUInt64BE(2));
        offset = 10;
      }
      const masked = (second & 0x80) !== 0;
      const maskAt = offset;
      if (masked) offset += 4;
      if (buffered.length < offset + length) return;
      const payload = Buffer.from(buffered.subarray(offset, offset + length));
      if (masked) {
        for (let i = 0; i < payload.length; i++)
          payload[i] = (payload[i] as number) ^ (buffered[maskAt + (i % 4)] as number);
      }
      buffered = buffered.subarray(offset + length);
      const opcode = first & 0x0f;
      const fin = (first & 0x80) !== 0;
      if (opcode === 0x9) {
        if (open) socket.write(frame(0xa, payload));
      } else if (opcode === 0x8) {
        if (open) socket.end(frame(0x8, payload));
        end();
      } else if (opcode === 0x1 || opcode === 0x0) {
        fragments.push(payload);
        if (fin) {
          const text = Buffer.concat(fragments).toString('utf8');
          fragments = [];
          for (const listener of listeners) listener(text);
        }
      }
    }
  });
  return {
    send(text) {
      if (open) socket.write(frame(0x1, Buffer.from(text, 'utf8')));
    },
    close() {
      if (!open) return;
      socket.end(frame(0x8, Buffer.from([0x03, 0xe8])));
      end();
    },
    onMessage(listener) {
      listeners.push(listener);
    },
    closed,
  };
}
