import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../platform/logger.ts";
import { countDeadJobsByTask, enqueueJob, runDueJobs, type JobRegistry } from "../../platform/jobs.ts";
import { createMetrics } from "../../platform/metrics.ts";
import type { AdminActor } from "../staff-log/service.ts";
import { createForumTestDatabase, createTestAdmin, forumFixtures, testCaller } from "../../testing/forum.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let admin: AdminActor;
const logger = createLogger({ level: "silent" });

// A real task run by a real worker: it fails until `healed` is set.
let healed = false;
const runs: unknown[] = [];
const registry: JobRegistry = {
  tasks: {
    test_always_fails: async (payload) => {
      runs.push(payload);
      if (!healed) throw new Error("layanan hilir mati");
    },
  },
  crontab: "",
};

beforeAll(async () => {
  db = await createForumTestDatabase();
  admin = await createTestAdmin(db.prisma);
});
afterAll(async () => {
  await db?.close();
});

const staff = () => testCaller(db.prisma, null, { admin });
const work = () => runDueJobs({ connectionString: db.url, registry, logger });
async function deadJob(n: number): Promise<string> {
  await db.prisma.$transaction((tx) => enqueueJob(tx, "test_always_fails", { n }, { maxAttempts: 1 }));
  await work();
  const page = await staff().admin.jobs.list({});
  const job = page.items.find((item) => item.payload.includes(`"n":${n}`));
  if (!job) throw new Error(`job ${n} did not die`);
  return job.id;
}

describe("admin.jobs (dead-letter list)", () => {
  it("is refused to members and visitors", async () => {
    const member = await forumFixtures(db.prisma).user();
    for (const caller of [testCaller(db.prisma, member), testCaller(db.prisma)]) {
      await expect(caller.admin.jobs.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.admin.jobs.retry({ id: "1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.admin.jobs.discard({ id: "1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("lists a job out of attempts with its task, error and attempts; a job still retrying is not listed", async () => {
    await db.prisma.$transaction((tx) => enqueueJob(tx, "test_always_fails", { n: 0 }, { maxAttempts: 5 }));
    const id = await deadJob(1);
    const { items } = await staff().admin.jobs.list({});
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id, task: "test_always_fails", attempts: 1, maxAttempts: 1, lastError: expect.stringContaining("layanan hilir mati"), createdAt: expect.any(Date) });
    expect(await countDeadJobsByTask(db.prisma)).toEqual(new Map([["test_always_fails", 1]]));
  });

  it("counts dead jobs per task on /metrics, unknown tasks as other", async () => {
    const metrics = createMetrics();
    metrics.watchDeadLetterJobs(() => countDeadJobsByTask(db.prisma), ["payment_expire_orders"]);
    const text = await metrics.registry.metrics();
    expect(text).toContain('jobs_dead_letter{task="payment_expire_orders"} 0');
    expect(text).toContain('jobs_dead_letter{task="other"} 1');
    const known = createMetrics();
    known.watchDeadLetterJobs(() => countDeadJobsByTask(db.prisma), Object.keys(registry.tasks));
    expect(await known.registry.metrics()).toContain('jobs_dead_letter{task="test_always_fails"} 1');
  });

  it("retries: the job runs again now with fresh attempts, logged; a second retry finds nothing", async () => {
    const [id] = (await staff().admin.jobs.list({})).items.map((item) => item.id);
    healed = true;
    await staff().admin.jobs.retry({ id: id! });
    await expect(staff().admin.jobs.retry({ id: id! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const before = runs.length;
    await work();
    expect(runs.length).toBeGreaterThan(before);
    expect((await staff().admin.jobs.list({})).items).toEqual([]);
    const [row] = await db.prisma.staffAction.findMany({ where: { action: "job.retry", targetId: id! } });
    expect(row).toMatchObject({ adminId: admin.id, targetType: "job", before: expect.objectContaining({ task: "test_always_fails", attempts: 1 }) });
    healed = false;
  });

  it("discards: the job is gone for good, logged; concurrent discards log once", async () => {
    const id = await deadJob(2);
    const results = await Promise.allSettled([staff().admin.jobs.discard({ id }), staff().admin.jobs.discard({ id })]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await staff().admin.jobs.list({})).items.map((item) => item.id)).not.toContain(id);
    const [count] = await db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker._private_jobs WHERE id = ${BigInt(id)}`;
    expect(count?.n).toBe(0n);
    expect(await db.prisma.staffAction.count({ where: { action: "job.discard", targetId: id } })).toBe(1);
  });

  it("pages most recent first and refuses a bad id", async () => {
    const ids = [await deadJob(3), await deadJob(4), await deadJob(5)];
    const first = await staff().admin.jobs.list({ limit: 2 });
    const second = await staff().admin.jobs.list({ limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual([...ids].reverse());
    await expect(staff().admin.jobs.retry({ id: "abc" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(staff().admin.jobs.discard({ id: "999999" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
