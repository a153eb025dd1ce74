// Serves the embedded database over the Postgres wire protocol (pg-gateway does the startup and SCRAM password
// exchange). Read-only unless asked: every Query and Parse message is checked with checkServedStatements before
// PGlite sees it, fast-path function calls are refused, and the one PGlite session runs as the read-only role with
// read-only transactions. Connections take turns: one holds PGlite from a request until it is idle again.
import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { BackendError, createScramSha256Data, type ScramSha256Data } from 'pg-gateway';
import { fromNodeSocket } from 'pg-gateway/node';
import { StatementRefusedError } from '../errors.js';
import { checkServedStatements } from '../readonly/check-statement.js';
import { QUERY_ROLE } from '../readonly/reader.js';

export interface ServeOptions {
  pglite: PGlite;
  host: string;
  port: number;
  /** Required from clients (SCRAM-SHA-256) when set; any user name is accepted. */
  password: string | null;
  /** Let clients write (no statement check, superuser session). */
  write: boolean;
}

export interface EmbeddedServer {
  host: string;
  port: number;
  stop(): Promise<void>;
}

const QUERY = 0x51; // 'Q'
const PARSE = 0x50; // 'P'
const SYNC = 0x53; // 'S'
const FUNCTION_CALL = 0x46; // 'F'
const TERMINATE = 0x58; // 'X'
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // Parse, Bind, Describe, Execute, Close, Flush

function readyForQuery(status: 'I' | 'T' | 'E'): Uint8Array {
  const b = Buffer.alloc(6);
  b.write('Z', 0);
  b.writeInt32BE(5, 1);
  b.write(status, 5);
  return b;
}

function parameterStatus(name: string, value: string): Uint8Array {
  const body = Buffer.concat([Buffer.from(`${name}\0${value}\0`)]);
  const head = Buffer.alloc(5);
  head.write('S', 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

/** The transaction status of the last ReadyForQuery in a backend response, or null when it holds none. */
function lastStatus(response: Uint8Array): string | null {
  let status: string | null = null;
  for (let at = 0; at + 5 <= response.length; ) {
    const length = Buffer.from(response.buffer, response.byteOffset + at + 1, 4).readInt32BE(0);
    if (response[at] === 0x5a && length === 5) status = String.fromCharCode(response[at + 5]!);
    at += 1 + length;
  }
  return status;
}

/** The SQL text of a Query ('Q': text) or Parse ('P': name, text, …) message. */
function sqlOf(message: Uint8Array): string {
  const buf = Buffer.from(message.buffer, message.byteOffset, message.length);
  let at = 5;
  if (message[0] === PARSE) at = buf.indexOf(0, at) + 1;
  return buf.toString('utf8', at, buf.indexOf(0, at));
}

/** One PGlite session shared by every client: a client holds it from its request until PGlite is idle again. */
class Turns {
  private holder: object | null = null;
  private readonly waiting: (() => void)[] = [];

  async take(client: object): Promise<void> {
    while (this.holder !== null && this.holder !== client) await new Promise<void>((r) => this.waiting.push(r));
    this.holder = client;
  }

  release(client: object): void {
    if (this.holder !== client) return;
    this.holder = null;
    this.waiting.shift()?.();
  }

  holds(client: object): boolean {
    return this.holder === client;
  }
}

export async function serveEmbedded(options: ServeOptions): Promise<EmbeddedServer> {
  const { pglite } = options;
  await pglite.waitReady;
  if (!options.write) {
    // The session itself cannot write either; the statement check refuses the SET/RESET that would undo this.
    await pglite.exec(`set default_transaction_read_only = on; set role ${QUERY_ROLE}`);
  }
  const settings = await pglite.query<{ name: string; setting: string }>(
    `select name, setting from pg_settings where name in ('server_encoding', 'client_encoding', 'DateStyle', 'integer_datetimes', 'standard_conforming_strings', 'TimeZone', 'IntervalStyle', 'server_version')`,
  );
  const version = settings.rows.find((r) => r.name === 'server_version')?.setting ?? '17';
  // pg-gateway reports only server_version at startup; clients read the rest whenever it arrives.
  const parameters = Buffer.concat(settings.rows.filter((r) => r.name !== 'server_version').map((r) => parameterStatus(r.name, r.setting)));
  const scram: ScramSha256Data | null = options.password ? await createScramSha256Data(options.password) : null;
  const turns = new Turns();
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    const client = {};
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let skipping = false; // after a refused Parse: drop the batch until Sync, as Postgres does after an error
    let greeted = false;
    socket.on('error', () => {});
    socket.on('close', () => {
      if (!turns.holds(client)) return;
      // A client gone in the middle of a transaction must not leave it open for the next one.
      void (pglite.isInTransaction() ? pglite.exec('rollback') : Promise.resolve()).finally(() => turns.release(client));
    });
    void fromNodeSocket(socket, {
      serverVersion: version,
      auth: scram ? { method: 'scram-sha-256', getScramSha256Data: () => scram } : { method: 'trust' },
      async onMessage(data, state) {
        if (!state.isAuthenticated) return undefined;
        const type = data[0]!;
        if (type === TERMINATE) return undefined;
        const status = () => (pglite.isInTransaction() ? 'T' : 'I');
        if (!options.write) {
          if (skipping) {
            if (type !== SYNC) return new Uint8Array(0);
            skipping = false;
            return readyForQuery(status());
          }
          let refusal: string | null = null;
          if (type === FUNCTION_CALL) refusal = 'fast-path function calls are refused on a read-only server';
          else if (type === QUERY || type === PARSE) {
            try {
              await checkServedStatements(sqlOf(data));
            } catch (err) {
              if (!(err instanceof StatementRefusedError)) throw err;
              refusal = `read-only server: ${err.reason} (start gongkai db serve --write to change data)`;
            }
          }
          if (refusal) {
            const error = BackendError.create({ severity: 'ERROR', code: '25006', message: refusal }).flush();
            if (type === QUERY || type === FUNCTION_CALL) return [error, readyForQuery(status())];
            skipping = true;
            return error;
          }
        }
        await turns.take(client);
        let response: Uint8Array;
        try {
          response = await pglite.execProtocolRaw(data);
        } catch (err) {
          turns.release(client);
          throw err;
        }
        const after = lastStatus(response);
        if (after === 'I' || (after === null && !EXTENDED.has(type) && !pglite.isInTransaction())) turns.release(client);
        if (!greeted) {
          greeted = true;
          return [parameters, response];
        }
        return response;
      },
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  return {
    host: options.host,
    port: address.port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Connected clients would keep close() waiting forever.
        for (const socket of sockets) socket.destroy();
      }),
  };
}
