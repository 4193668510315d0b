import { TaskEventsOverflowError, type TaskSnapshot } from '@coffer/tasks';
import { z } from 'zod';
import { CofferApiError } from '../errors.js';
import { liveStream } from '../live/live-stream.js';
import { overflowAction } from '../live/overflow.js';
import { authedProcedure, sessionBound } from '../procedures.js';
import { taskIdSchema } from '../schemas/common.js';
import { validated } from '../schemas/validated.js';
import type { UserTasks } from '../tasks/user-tasks.js';
import { router } from '../trpc.js';

const statusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);

const taskSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: statusSchema,
  progress: z
    .object({ done: z.number(), total: z.number().optional(), message: z.string().optional() })
    .nullable(),
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
});

const taskEventSchema = z.object({
  type: z.enum(['queued', 'started', 'progress', 'succeeded', 'failed', 'cancelled']),
  task: taskSchema,
});

/** A snapshot without the owner (the caller is the owner). */
function publicTask(snapshot: TaskSnapshot): z.infer<typeof taskSchema> {
  const { owner: _owner, key: _key, ...rest } = snapshot;
  return rest;
}

/** The caller's own task, or `NOT_FOUND` (another user's task id is answered the same way). */
async function ownTask(tasks: UserTasks, id: string, userId: string): Promise<TaskSnapshot> {
  const snapshot = await tasks.get(userId, id);
  if (snapshot === undefined || snapshot.owner !== userId) {
    throw new CofferApiError('COFFER_API_TASK_NOT_FOUND', `No task ${id}`);
  }
  return snapshot;
}

/** `tasks.*`: the caller's background tasks. */
export const tasksRouter = router({
  /** The caller's tasks (active and recently finished), optionally by status. */
  list: authedProcedure
    .input(z.strictObject({ status: z.array(statusSchema).max(5).optional() }).optional())
    .output(z.array(taskSchema))
    .query(async ({ ctx, input }) =>
      (await ctx.services.userTasks.list(ctx.userId, input?.status)).map(publicTask),
    ),

  /** One of the caller's tasks. */
  get: authedProcedure
    .input(z.strictObject({ id: taskIdSchema }))
    .output(taskSchema)
    .query(async ({ ctx, input }) => publicTask(await ownTask(ctx.services.userTasks, input.id, ctx.userId))),

  /** Cancels one of the caller's tasks; `cancelled` is false if it had already finished. */
  cancel: authedProcedure
    .input(z.strictObject({ id: taskIdSchema }))
    .output(z.object({ cancelled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await ownTask(ctx.services.userTasks, input.id, ctx.userId);
      return { cancelled: await ctx.services.userTasks.cancel(ctx.userId, input.id) };
    }),

  /**
   * Every event of the caller's tasks (queued, started, throttled progress, outcome), or of one
   * task with `taskId`. A consumer more than `maxBufferedEvents` behind has its connection shed
   * (1013); it re-subscribes and re-reads `tasks.list`.
   */
  onUpdate: authedProcedure
    .input(z.strictObject({ taskId: taskIdSchema.optional() }).optional())
    .subscription(({ ctx, input, signal }) => {
      const { userTasks, config } = ctx.services;
      const taskId = input?.taskId;
      return liveStream(ctx, (connection) =>
        validated(
          taskEventSchema,
          sessionBound(ctx.session, signal, async function* (bound) {
            if (taskId !== undefined) await ownTask(userTasks, taskId, ctx.userId);
            try {
              for await (const event of userTasks.events({
                owner: ctx.userId,
                signal: bound,
                maxBuffered: config.maxBufferedEvents,
              })) {
                if (taskId === undefined || event.task.id === taskId)
                  yield { type: event.type, task: publicTask(event.task) };
              }
            } catch (error) {
              if (!(error instanceof TaskEventsOverflowError)) throw error;
              const failure = overflowAction(connection, 'Task events')();
              if (failure) throw failure;
            }
          }),
        ),
      );
    }),
});
