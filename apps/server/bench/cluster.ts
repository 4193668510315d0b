/**
 * `pnpm bench:cluster`: authenticated reads (`entries.get`) and writes (`entries.create`) per
 * second over HTTP against 1, 2 and 3 server processes sharing one PostgreSQL database, next to one
 * process on SQLite, in one run. Each phase runs `BENCH_CONNECTIONS` keep-alive connections (spread
 * round-robin over the instances and over `BENCH_USERS` signed-in users) for `BENCH_MS`. The CPU
 * time of the servers, of PostgreSQL's processes and of this load generator is sampled from /proc
 * per phase, to show what saturates. Prints one JSON line. Run it under `nice -n -15`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const phaseMs = Number(process.env.BENCH_MS ?? 4_000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const userCount = Number(process.env.BENCH_USERS ?? 8);
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const serverDir = fileURLToPath(new URL('..', import.meta.url));
const TICKS_PER_SECOND = 100;

interface Instance {
  url: string;
  child: ChildProcess;
}

interface User {
  token: string;
  accountId: number;
  entryIds: number[];
}

/** Starts `src/main.ts` as its own process and waits for its "listening" line. */
async function startInstance(env: Record<string, string>): Promise<Instance> {
  const dataDir = mkdtempSync(join(tmpdir(), 'coffer-bench-'));
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@coffer/source', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'listening' && entry.url) resolve(entry.url);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, child };
}

async function stop(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null) return;
  const exited = new Promise((resolve) => instance.child.once('exit', resolve));
  instance.child.kill('SIGTERM');
  await exited;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1024 });

/** One tRPC call over plain HTTP; resolves with the parsed `result.data`. */
function call(
  base: string,
  path: string,
  options: { token?: string; input: unknown; method: 'GET' | 'POST' },
): Promise<{ status: number; data: unknown }> {
  const target = new URL(`${base}/trpc/${path}`);
  if (options.method === 'GET') target.searchParams.set('input', JSON.stringify(options.input));
  const body = options.method === 'POST' ? JSON.stringify(options.input) : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: options.method,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          const parsed = text ? (JSON.parse(text) as { result?: { data?: unknown } }) : {};
          resolve({ status: res.statusCode ?? 0, data: parsed.result?.data });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function mustCall(base: string, path: string, options: Parameters<typeof call>[2]) {
  const answer = await call(base, path, options);
  if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}`);
  return answer.data;
}

/** Registers the users on `base`, each with an account and 20 entries. */
async function seed(base: string): Promise<User[]> {
  const users: User[] = [];
  for (let u = 0; u < userCount; u += 1) {
    const { token } = (await mustCall(base, 'auth.register', {
      method: 'POST',
      input: { username: `bench${u}`, password: 'correct horse battery' },
    })) as { token: string };
    const account = (await mustCall(base, 'accounts.create', {
      method: 'POST',
      token,
      input: { name: 'Cash', kind: 'asset', currency: 'EUR' },
    })) as { id: number };
    const entryIds: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const entry = (await mustCall(base, 'entries.create', {
        method: 'POST',
        token,
        input: { accountId: account.id, date: '2025-01-15', amount: -100 - i, payee: `Shop ${i}` },
      })) as { id: number };
      entryIds.push(entry.id);
    }
    users.push({ token, accountId: account.id, entryIds });
  }
  return users;
}

/** CPU seconds used so far by a process (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Pids of PostgreSQL's processes (server, backends, background workers). */
function postgresPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(name));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

/** Runs one closed-loop phase; returns throughput, latency and where the CPU went. */
async function phase(instances: Instance[], users: User[], kind: 'read' | 'write') {
  const serverPids = instances.map((i) => i.child.pid ?? 0);
  const pgPids = postgresPids();
  const sum = (pids: number[]) => pids.reduce((total, pid) => total + cpuSeconds(pid), 0);
  const before = { servers: sum(serverPids), postgres: sum(pgPids), client: process.cpuUsage() };
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + phaseMs;
  const loop = async (n: number) => {
    const base = instances[n % instances.length]?.url ?? '';
    const user = users[n % users.length];
    if (!user) return;
    let i = n;
    while (performance.now() < until) {
      i += 1;
      const t0 = performance.now();
      const answer =
        kind === 'read'
          ? await call(base, 'entries.get', {
              method: 'GET',
              token: user.token,
              input: { id: user.entryIds[i % user.entryIds.length] },
            })
          : await call(base, 'entries.create', {
              method: 'POST',
              token: user.token,
              input: {
                accountId: user.accountId,
                date: '2025-02-01',
                amount: -(i % 1000) - 1,
                payee: 'Bench',
              },
            });
      if (answer.status === 200) latencies.push(performance.now() - t0);
      else errors += 1;
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, n) => loop(n)));
  const seconds = (performance.now() - started) / 1000;
  const client = process.cpuUsage(before.client);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number((latencies[Math.floor(q * (latencies.length - 1))] ?? 0).toFixed(1));
  const used = {
    servers: sum(serverPids) - before.servers,
    postgres: sum(pgPids) - before.postgres,
    loadGenerator: (client.user + client.system) / 1e6,
  };
  const done = Math.max(1, latencies.length);
  const round = (x: number, digits: number) => Number(x.toFixed(digits));
  return {
    perSecond: Math.round(latencies.length / seconds),
    errors,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    /** Cores busy on average during the phase. */
    cores: {
      servers: round(used.servers / seconds, 2),
      postgres: round(used.postgres / seconds, 2),
      loadGenerator: round(used.loadGenerator / seconds, 2),
    },
    /** CPU milliseconds per request: what capacity is made of, and less sensitive to other load. */
    cpuMsPerRequest: {
      servers: round((used.servers * 1000) / done, 2),
      postgres: round((used.postgres * 1000) / done, 2),
      loadGenerator: round((used.loadGenerator * 1000) / done, 2),
    },
  };
}

const results: Record<string, unknown>[] = [];
const loadBefore = loadavg().map((x) => Number(x.toFixed(2)));

// One instance on SQLite files.
{
  const instance = await startInstance({});
  const users = await seed(instance.url);
  results.push({
    backend: 'sqlite',
    instances: 1,
    read: await phase([instance], users, 'read'),
    write: await phase([instance], users, 'write'),
  });
  await stop(instance);
}

// One to three instances on one PostgreSQL database.
{
  const name = `coffer_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const env = { DATABASE_URL: url.toString(), COFFER_CLUSTER_SECRET: randomBytes(32).toString('base64url') };
  const instances: Instance[] = [];
  try {
    instances.push(await startInstance(env));
    instances.push(...(await Promise.all([startInstance(env), startInstance(env)])));
    const users = await seed(instances[0]?.url ?? '');
    for (const count of [1, 2, 3]) {
      const serving = instances.slice(0, count);
      results.push({
        backend: 'postgres',
        instances: count,
        read: await phase(serving, users, 'read'),
        write: await phase(serving, users, 'write'),
      });
    }
  } finally {
    await Promise.all(instances.map(stop));
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

agent.destroy();
console.log(
  JSON.stringify({
    bench: 'cluster',
    phaseMs,
    connections,
    users: userCount,
    loadavgBefore: loadBefore,
    loadavgAfter: loadavg().map((x) => Number(x.toFixed(2))),
    results,
  }),
);
