// A minimal clamd client: the INSTREAM command over TCP (see clamd(8)). The file is sent in
// chunks, each prefixed by its length as a 4-byte big-endian integer, and a zero-length
// chunk ends it; clamd answers one line: "stream: OK", "stream: <NAME> FOUND", or
// "<message> ERROR". Enabled by CLAMAV_HOST (and optionally CLAMAV_PORT, default 3310).
import net from "node:net";
import type { Readable } from "node:stream";

export type ScanResult = { clean: true } | { clean: false; virus: string };

export interface ClamavConfig {
  host: string;
  port: number;
  /** Gives up (and throws) after this long without finishing. */
  timeoutMs: number;
}

/** The scanner's settings, or null when no scanner is configured. */
export function clamavConfig(env: Record<string, string | undefined> = process.env): ClamavConfig | null {
  const host = env.CLAMAV_HOST?.trim();
  if (!host) return null;
  const port = Number(env.CLAMAV_PORT ?? 3310);
  const timeoutMs = Number(env.CLAMAV_TIMEOUT_MS ?? 60_000);
  return {
    host,
    port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 3310,
    timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : 60_000,
  };
}

export class ClamavError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClamavError";
  }
}

/** Reads clamd's one-line reply. Throws ClamavError for an ERROR reply or anything unexpected. */
export function parseClamdReply(reply: string): ScanResult {
  // zINSTREAM replies end with NUL, nINSTREAM with a newline.
  const line = reply.replace(/[\0\r\n]+$/g, "").trim();
  if (/^(stream|[^:]*): OK$/.test(line)) return { clean: true };
  const found = /^(?:stream|[^:]*): (.+) FOUND$/.exec(line);
  if (found?.[1]) return { clean: false, virus: found[1] };
  throw new ClamavError(line.endsWith("ERROR") ? `clamd: ${line}` : `clamd: unexpected reply "${line.slice(0, 200)}"`);
}

const CHUNK = 64 * 1024;

/** Streams `body` to clamd and returns its verdict. Throws ClamavError when clamd cannot answer. */
export async function scanStream(body: Readable | AsyncIterable<Uint8Array> | Uint8Array, config: ClamavConfig): Promise<ScanResult> {
  const socket = net.connect({ host: config.host, port: config.port });
  const chunks: Buffer[] = [];
  let closed = false;
  const reply = new Promise<string>((resolve, reject) => {
    socket.on("data", (d: Buffer) => chunks.push(d));
    socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    socket.on("close", () => {
      closed = true;
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    socket.on("error", (e) => reject(new ClamavError(`clamd at ${config.host}:${config.port}: ${e.message}`)));
  });
  // Without a listener an early error would be unhandled while we are still writing.
  reply.catch(() => {});
  const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${config.timeoutMs} ms`)), config.timeoutMs);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    }).catch((e: Error) => {
      throw new ClamavError(`clamd at ${config.host}:${config.port}: ${e.message}`);
    });
    await write(socket, Buffer.from("zINSTREAM\0", "ascii"));
    const source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> = body instanceof Uint8Array ? [body] : body;
    for await (const piece of source) {
      const buf = Buffer.from(piece);
      for (let i = 0; i < buf.length; i += CHUNK) {
        // clamd closes the connection when the stream exceeds its StreamMaxLength.
        if (closed) break;
        const part = buf.subarray(i, i + CHUNK);
        const size = Buffer.alloc(4);
        size.writeUInt32BE(part.length, 0);
        await write(socket, Buffer.concat([size, part]));
      }
      if (closed) break;
    }
    if (!closed) await write(socket, Buffer.alloc(4));
    const text = await reply;
    if (text === "") throw new ClamavError(`clamd at ${config.host}:${config.port} closed the connection without a verdict`);
    return parseClamdReply(text);
  } catch (e) {
    if (e instanceof ClamavError) throw e;
    throw new ClamavError(`clamd at ${config.host}:${config.port}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
}

function write(socket: net.Socket, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.write(data, (err) => (err ? reject(err) : resolve()));
  });
}
