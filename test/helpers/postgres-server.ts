/**
 * A throwaway PostgreSQL server for one test file: initdb in a temporary directory, a loopback
 * port, password (scram) authentication over TCP and trust over its own Unix socket (the admin
 * connection), started and stopped with pg_ctl. `stop` ends the server even when a test failed; a
 * process exit handler stops it too, so no server outlives the test run.
 *
 * PostgreSQL refuses to run as root: as root, the binaries run as the `postgres` user (setpriv)
 * and the directory is handed to that user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe } from '@jest/globals';
import pg from 'pg';
import { tempDir } from './temp-store.js';

/** The directory of initdb/pg_ctl: `PG_BIN`, else the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string | undefined {
  const fromEnv = process.env['PG_BIN'];
  if (fromEnv !== undefined && existsSync(join(fromEnv, 'pg_ctl'))) return fromEnv;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl')) && existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(base, versions[0], 'bin');
}

/** Whether a PostgreSQL server can be started here. */
export const postgresAvailable = postgresBinDir() !== undefined;

/**
 * `describe` when PostgreSQL is installed; otherwise says so loudly and skips — except under
 * CI=true, where a missing PostgreSQL is an error (.ci/run installs it).
 */
export function describeWithPostgres(): typeof describe | typeof describe.skip {
  if (postgresAvailable) return describe;
  if (process.env['CI'] === 'true') throw new Error('PostgreSQL must be installed under CI (.ci/run installs it)');
  console.warn('\n*** PostgreSQL (initdb, pg_ctl) is not installed: the live PostgreSQL tests are SKIPPED on this machine ***\n');
  return describe.skip;
}

/** A running throwaway server. */
export interface PostgresServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Runs SQL as the superuser over the server's Unix socket. */
  admin<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<R[]>;
  /** Creates a login role with a password and a database it owns. */
  createRole(role: string, password: string, database?: string): Promise<void>;
  /** Connections open to the server under an application_name, from pg_stat_activity. */
  connectionsOf(applicationName: string): Promise<number>;
  /** Stops the server (immediately) and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

/** A port nothing listens on right now (the kernel picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP server that accepts and never answers (a host that hangs), counting the connections it got. */
export async function silentServer(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const tcp = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  return {
    port: (tcp.address() as { port: number }).port,
    connections: () => sockets.length,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}

const asRoot = process.getuid?.() === 0;

function runAsOwner(command: string, args: readonly string[]): string {
  const [file, argv] = asRoot ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--clear-groups', command, ...args]] : [command, [...args]];
  try {
    return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${command} failed: ${e.stderr || e.stdout || e.message}`, { cause: error });
  }
}

/** Starts a server; every test file that uses one calls `stop` in afterAll. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (bin === undefined) throw new Error('PostgreSQL is not installed (initdb and pg_ctl not found)');
  const dir = tempDir({});
  const data = join(dir.root, 'data');
  const socketDir = join(dir.root, 'socket');
  mkdirSync(socketDir);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    for (const path of [dir.root, socketDir]) chownSync(path, uid, gid);
  }
  runAsOwner(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync', '--no-instructions', '-E', 'UTF8']);

  let port = 0;
  let stopped = false;
  const stopSync = (): void => {
    if (stopped) return;
    stopped = true;
    spawnSync(asRoot ? 'setpriv' : join(bin, 'pg_ctl'), asRoot ? ['--reuid=postgres', '--regid=postgres', '--clear-groups', join(bin, 'pg_ctl'), '-D', data, 'stop', '-m', 'immediate', '-w'] : ['-D', data, 'stop', '-m', 'immediate', '-w'], { stdio: 'ignore' });
    dir.cleanup();
  };
  // A test run that dies between start and afterAll still takes its server with it.
  process.once('exit', stopSync);
  // Another process may take the port between freePort and the server binding it: try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${socketDir} -c fsync=off -c max_connections=60`;
      runAsOwner(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir.root, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
      break;
    } catch (error) {
      if (attempt >= 3) {
        stopSync();
        throw error;
      }
    }
  }

  const admin = async <R extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<R[]> => {
    const client = new pg.Client({ host: socketDir, port, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      return (await client.query<R>(sql, values)).rows;
    } finally {
      await client.end();
    }
  };
  const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
  return {
    host: '127.0.0.1',
    port,
    admin,
    createRole: async (role, password, database) => {
      await admin(`CREATE ROLE ${quote(role)} LOGIN PASSWORD '${password.replaceAll("'", "''")}'`);
      if (database !== undefined) await admin(`CREATE DATABASE ${quote(database)} OWNER ${quote(role)}`);
    },
    connectionsOf: async (applicationName) => (await admin<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]))[0]?.n ?? 0,
    stop: async () => {
      process.removeListener('exit', stopSync);
      stopSync();
    },
  };
}
