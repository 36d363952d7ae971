// The clamd INSTREAM client against a tiny TCP server that speaks clamd's protocol. This is a
// stand-in: a real clamav-daemon cannot run here (it needs its signature databases, which
// freshclam downloads from the internet). The stand-in parses the chunk framing exactly as
// clamd does and answers in clamd's reply format, flagging the EICAR test string.
import net from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClamavError, clamavConfig, parseClamdReply, scanStream, type ClamavConfig } from "~/modules/documents/clamav.server.ts";

const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

let server: net.Server;
let config: ClamavConfig;
const received: Buffer[] = [];

function fakeClamd(socket: net.Socket) {
  let buf = Buffer.alloc(0);
  let command: string | null = null;
  const data: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    if (command === null) {
      const nul = buf.indexOf(0);
      if (nul < 0) return;
      command = buf.subarray(0, nul).toString("ascii");
      buf = buf.subarray(nul + 1);
      if (command !== "zINSTREAM") {
        socket.end("UNKNOWN COMMAND\0");
        return;
      }
    }
    while (buf.length >= 4) {
      const size = buf.readUInt32BE(0);
      if (size === 0) {
        const file = Buffer.concat(data);
        received.push(file);
        socket.end(file.toString("latin1").includes(EICAR) ? "stream: Eicar-Test-Signature FOUND\0" : "stream: OK\0");
        return;
      }
      if (buf.length < 4 + size) return;
      data.push(buf.subarray(4, 4 + size));
      buf = buf.subarray(4 + size);
    }
  });
}

beforeAll(async () => {
  server = net.createServer(fakeClamd);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  config = { host: "127.0.0.1", port: (server.address() as net.AddressInfo).port, timeoutMs: 5_000 };
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe("clamd INSTREAM client", () => {
  it("reports the EICAR test file as FOUND with its signature name", async () => {
    expect(await scanStream(Buffer.from(`prefix ${EICAR} suffix`), config)).toEqual({ clean: false, virus: "Eicar-Test-Signature" });
  });

  it("reports a clean stream as clean, sending every byte in framed chunks", async () => {
    const big = Buffer.alloc(200_000, 7);
    const result = await scanStream(Readable.from([big.subarray(0, 70_000), big.subarray(70_000)]), config);
    expect(result).toEqual({ clean: true });
    expect(received.at(-1)?.equals(big)).toBe(true);
  });

  it("fails with a ClamavError when no daemon listens", async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(scanStream(Buffer.from("x"), { host: "127.0.0.1", port, timeoutMs: 2_000 })).rejects.toBeInstanceOf(ClamavError);
  });

  it("parses clamd's replies", () => {
    expect(parseClamdReply("stream: OK\0")).toEqual({ clean: true });
    expect(parseClamdReply("stream: Win.Test.EICAR_HDB-1 FOUND\n")).toEqual({ clean: false, virus: "Win.Test.EICAR_HDB-1" });
    expect(() => parseClamdReply("INSTREAM size limit exceeded. ERROR\0")).toThrow(ClamavError);
    expect(() => parseClamdReply("garbage")).toThrow(ClamavError);
  });

  it("is off unless CLAMAV_HOST is set", () => {
    expect(clamavConfig({})).toBeNull();
    expect(clamavConfig({ CLAMAV_HOST: "clamav", CLAMAV_PORT: "3311" })).toMatchObject({ host: "clamav", port: 3311 });
    expect(clamavConfig({ CLAMAV_HOST: "clamav" })?.port).toBe(3310);
  });
});
