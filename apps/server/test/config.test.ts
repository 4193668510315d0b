import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_WEB_DIR, loadConfig, WEBSOCKET_LIMIT_DEFAULTS } from '../src/index.js';

describe('loadConfig', () => {
  it('has a default for everything', () => {
    const config = loadConfig({ env: {}, argv: [], cwd: '/srv/coffer' });
    expect(config).toEqual({
      port: 4400,
      host: '127.0.0.1',
      dataDir: '/srv/coffer/data',
      webDir: DEFAULT_WEB_DIR,
      logLevel: 'info',
      httpAdapter: 'lean',
      corsOrigins: [],
      liveQueueSize: 64,
      webSocket: WEBSOCKET_LIMIT_DEFAULTS,
      taskLostAfterSeconds: 15,
    });
  });

  it('reads DATABASE_URL with its cluster secret, and refuses one without the other or a non-PostgreSQL URL', () => {
    const secret = 'x'.repeat(32);
    const config = loadConfig({
      env: {
        DATABASE_URL: 'postgres://coffer@db:5432/coffer',
        COFFER_CLUSTER_SECRET: secret,
        COFFER_TASK_LOST_AFTER_SECONDS: '60',
      },
      argv: [],
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://coffer@db:5432/coffer',
      clusterSecret: secret,
      taskLostAfterSeconds: 60,
    });
    expect(() => loadConfig({ env: { DATABASE_URL: 'postgres://db/coffer' }, argv: [] })).toThrow(
      /COFFER_CLUSTER_SECRET/,
    );
    expect(() =>
      loadConfig({ env: { DATABASE_URL: 'mysql://db/coffer', COFFER_CLUSTER_SECRET: secret }, argv: [] }),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig({ env: { DATABASE_URL: 'postgres://db/coffer', COFFER_CLUSTER_SECRET: 'short' }, argv: [] }),
    ).toThrow(ConfigError);
  });

  it('reads the environment, and flags win over it', () => {
    const config = loadConfig({
      env: { PORT: '5000', HOST: '0.0.0.0', DATA_DIR: '/var/lib/coffer', LOG_LEVEL: 'debug' },
      argv: ['--port', '6000'],
    });
    expect(config).toMatchObject({
      port: 6000,
      host: '0.0.0.0',
      dataDir: '/var/lib/coffer',
      logLevel: 'debug',
    });
  });

  it('serves the web app built in apps/web/dist by default, or the directory given', () => {
    expect(DEFAULT_WEB_DIR).toBe(fileURLToPath(new URL('../../web/dist', import.meta.url)));
    expect(loadConfig({ env: { WEB_DIR: 'public' }, argv: [], cwd: '/srv' }).webDir).toBe('/srv/public');
    expect(loadConfig({ env: { WEB_DIR: '/a' }, argv: ['--web-dir', '/b'] }).webDir).toBe('/b');
  });

  it('reads the HTTP adapter and the CORS allow-list, and refuses bad ones', () => {
    const config = loadConfig({
      env: { HTTP_ADAPTER: 'stock', CORS_ORIGINS: 'https://app.example, http://localhost:5173' },
      argv: [],
    });
    expect(config.httpAdapter).toBe('stock');
    expect(config.corsOrigins).toEqual(['https://app.example', 'http://localhost:5173']);
    expect(() => loadConfig({ env: { HTTP_ADAPTER: 'fast' }, argv: [] })).toThrow(/httpAdapter/);
    expect(() => loadConfig({ env: { CORS_ORIGINS: 'not a url' }, argv: [] })).toThrow(/corsOrigins/);
  });

  it('reads the WebSocket limits and the live queue size from env and flags', () => {
    const config = loadConfig({
      env: { WS_MAX_CONNECTIONS: '500', WS_MAX_CALLS_PER_MESSAGE: '200', LIVE_QUEUE_SIZE: '16' },
      argv: ['--ws-max-connections', '600', '--ws-max-subscriptions-per-connection', '150'],
    });
    expect(config.webSocket).toEqual({
      ...WEBSOCKET_LIMIT_DEFAULTS,
      maxConnections: 600,
      maxSubscriptionsPerConnection: 150,
      maxCallsPerMessage: 200,
    });
    expect(config.liveQueueSize).toBe(16);
    expect(() => loadConfig({ env: { WS_PING_INTERVAL_MS: '0' }, argv: [] })).toThrow(/pingIntervalMs/);
    // A reconnect re-subscribes everything in one message, so it must fit.
    expect(() => loadConfig({ env: { WS_MAX_CALLS_PER_MESSAGE: '10' }, argv: [] })).toThrow(
      /maxCallsPerMessage/,
    );
  });

  it('throws ConfigError naming the bad setting', () => {
    expect(() => loadConfig({ env: { LOG_LEVEL: 'loud' }, argv: [] })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { PORT: '70000' }, argv: [] })).toThrow(/port/);
    expect(() => loadConfig({ env: {}, argv: ['--bogus'] })).toThrow(ConfigError);
  });
});
