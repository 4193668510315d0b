import { describe, expect, it } from 'vitest';
import { createCofferClient } from '../src/index.js';

describe('createCofferClient', () => {
  it('throws a TypeError naming options.url for a non-http URL', () => {
    expect(() => createCofferClient({ url: 'ws://127.0.0.1:4400' })).toThrow(TypeError);
    expect(() => createCofferClient({ url: 'ws://127.0.0.1:4400' })).toThrow(/options\.url/);
  });

  it('throws for a string that is not a URL', () => {
    expect(() => createCofferClient({ url: 'not a url' })).toThrow(TypeError);
  });

  it('reports a refused HTTP connection as a client error, not a crash', async () => {
    const client = createCofferClient({ url: 'http://127.0.0.1:1' });
    await expect(client.trpc.system.health.query()).rejects.toMatchObject({ name: 'TRPCClientError' });
    await client.close();
  });
});
