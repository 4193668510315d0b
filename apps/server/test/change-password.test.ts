import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './helpers.js';
import { errorCode, type SignedIn, signIn } from './support/clients.js';

let started: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  started = await startServer();
});
afterAll(async () => {
  await started?.server.close();
});

async function finished(user: SignedIn, id: string) {
  for (;;) {
    const task = await user.client.trpc.tasks.get.query({ id });
    if (task.status !== 'queued' && task.status !== 'running') return task;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('auth.changePassword', () => {
  it('runs as a task: a wrong old password fails it with a code; the right one ends the other sessions', async () => {
    const first = await signIn(started.url, 'carol');
    const other = await signIn(started.url, 'carol', { register: false });

    const wrong = await first.client.trpc.auth.changePassword.mutate({
      oldPassword: 'not it at all',
      newPassword: 'new password 1',
    });
    expect(await finished(first, wrong.taskId)).toMatchObject({
      status: 'failed',
      error: { code: 'COFFER_DB_WRONG_PASSWORD' },
    });
    expect((await other.client.trpc.auth.me.query()).username).toBe('carol');

    const right = await first.client.trpc.auth.changePassword.mutate({
      oldPassword: 'correct horse battery',
      newPassword: 'new password 1',
    });
    expect(await finished(first, right.taskId)).toMatchObject({
      status: 'succeeded',
      result: { endedSessions: 1 },
    });
    expect(await errorCode(other.client.trpc.auth.me.query())).toBe('UNAUTHORIZED');
    expect((await first.client.trpc.auth.me.query()).username).toBe('carol');

    const anonymous = await signIn(started.url, 'carol', { register: false, password: 'new password 1' });
    expect((await anonymous.client.trpc.auth.me.query()).username).toBe('carol');
    for (const user of [first, other, anonymous]) await user.client.close();
  }, 60_000);
});
