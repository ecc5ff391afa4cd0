import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseEnv } from "../../platform/env.ts";
import { runDueJobs } from "../../platform/jobs.ts";
import { createLogger } from "../../platform/logger.ts";
import { createMailer } from "../../platform/mailer.ts";
import { createDiskStorage } from "../../platform/storage.ts";
import type { Prisma } from "../../platform/db/postgres.ts";
import { asClientSees } from "../../testing/errors.ts";
import { createForumTestDatabase, createTestAdmin, forumFixtures, testCaller, testRuntime } from "../../testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../../testing/mongo.ts";
import { startTestSmtpServer } from "../../testing/smtp.ts";
import { createJobRegistry } from "../jobs.ts";
import { PaymentOrderModel } from "../payment/payment-order.model.ts";
import { ReplyModel } from "../reply/reply.model.ts";
import type { AdminActor } from "../staff-log/service.ts";
import { applyLedgerEntry, LOW_TOKEN_BALANCE } from "../wallet/service.ts";
import { notificationEventJobKey, queueNotificationEvent } from "./events.ts";
import { DIGEST_INTERVAL_MS, digestJobKey, handleNotificationEvent, sweepRecentActivity } from "./handler.ts";
import type { PushMessage } from "../push/service.ts";
import { MAX_MENTIONS, mentionedUsernames } from "./mentions.ts";
import { markAllRead, markRead } from "./service.ts";

const logger = createLogger({ level: "silent" });
let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
let fixtures: ReturnType<typeof forumFixtures>;
let categoryId: number;
let categorySlug: string;
let admin: AdminActor;
const pushes: { userId: number; message: PushMessage }[] = [];
const published: { userId: number; unread: number }[] = [];
let registry: ReturnType<typeof createJobRegistry>;

type Member = { id: number; username: string; email: string };

beforeAll(async () => {
  [db, mongo, smtp] = await Promise.all([createForumTestDatabase(), connectTestMongo(), startTestSmtpServer()]);
  fixtures = forumFixtures(db.prisma);
  const category = await fixtures.category();
  categoryId = category.id;
  categorySlug = category.slug;
  admin = await createTestAdmin(db.prisma);
  const mailer = createMailer(parseEnv({ NODE_ENV: "test", SMTP_URL: smtp.url }), logger);
  registry = createJobRegistry({
    ...testRuntime(db.prisma),
    mailer,
    storage: createDiskStorage(path.join(tmpdir(), "alephdraad-unused-storage")),
    sendPush: async (userId, message) => {
      pushes.push({ userId, message });
    },
    publishUnread: async (userId, unread) => {
      published.push({ userId, unread });
    },
  });
});
afterAll(async () => {
  await Promise.all([db?.close(), mongo?.drop(), smtp?.close()]);
});
beforeEach(() => {
  pushes.length = 0;
  published.length = 0;
});

/** Runs every job that is due, as the worker would. */
const runJobs = () => runDueJobs({ connectionString: db.url, registry, logger });

async function member(): Promise<Member> {
  const user = await fixtures.user();
  // A verified address: the digest mails only those.
  await db.prisma.user.update({ where: { id: user.id }, data: { isVerified: true } });
  return { id: user.id, username: user.username, email: user.email };
}

const as = (user: Member) => testCaller(db.prisma, user);
const rowsOf = (userId: number) => db.prisma.notification.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });

async function threadBy(author: Member) {
  return fixtures.thread({ categoryId, authorId: author.id });
}

const paragraph = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

describe("replies", () => {
  it("tells the thread's author and the parent reply's author, never the writer", async () => {
    const [alice, bob, carol] = [await member(), await member(), await member()];
    const thread = await threadBy(alice);
    const first = await as(bob).reply.create({ threadId: thread.id, content: "Jawaban pertama yang cukup panjang" });
    await as(carol).reply.create({ threadId: thread.id, parentReplyId: first.id, content: "Balasan untuk Bob" });
    await as(alice).reply.create({ threadId: thread.id, content: "Terima kasih semua" });
    await runJobs();

    const toAlice = await as(alice).notification.list();
    expect(toAlice.items.map((item) => [item.type, item.actor?.username, item.detail])).toEqual([
      ["reply", carol.username, { to: "thread" }],
      ["reply", bob.username, { to: "thread" }],
    ]);
    expect(toAlice.items[1]).toMatchObject({
      thread: { id: thread.id, title: thread.title },
      url: `/t/${thread.id}/${thread.slug}#balasan-${first.id}`,
      excerpt: "Jawaban pertama yang cukup panjang",
      readAt: null,
      othersCount: 0,
    });
    const toBob = await as(bob).notification.list();
    expect(toBob.items.map((item) => [item.type, item.actor?.username, item.detail])).toEqual([["reply", carol.username, { to: "reply" }]]);
    // Alice's own reply tells nobody: writers are never told, and nobody else watches the thread.
    expect(await rowsOf(carol.id)).toHaveLength(0);
    expect(await as(alice).notification.unreadCount()).toEqual({ unread: 2 });
    expect(published).toContainEqual({ userId: alice.id, unread: 2 });
  });

  it("cuts the excerpt to 140 characters", async () => {
    const [alice, bob] = [await member(), await member()];
    const thread = await threadBy(alice);
    await as(bob).reply.create({ threadId: thread.id, content: "x".repeat(10_000) });
    await runJobs();
    const [item] = (await as(alice).notification.list()).items;
    expect(item!.excerpt).toHaveLength(140);
  });
});

describe("mentions", () => {
  it("tells members mentioned in a reply, and on an edit only the newly mentioned", async () => {
    const [alice, bob, carol, dave] = [await member(), await member(), await member(), await member()];
    const thread = await threadBy(alice);
    const reply = await as(bob).reply.create({ threadId: thread.id, content: `Coba tanya @${carol.username}, atau @tidakada-${carol.id}.` });
    await runJobs();
    expect((await rowsOf(carol.id)).map((row) => [row.type, row.eventKey])).toEqual([["mention", `mention:reply:${reply.id}`]]);

    await as(bob).reply.update({ id: reply.id, content: `Coba tanya @${carol.username} dan @${dave.username.toUpperCase()}` });
    await runJobs();
    expect(await rowsOf(carol.id)).toHaveLength(1);
    expect((await rowsOf(dave.id)).map((row) => row.type)).toEqual(["mention"]);
    // The thread's author got the reply itself, not a mention on top, even when mentioned.
    await as(bob).reply.update({ id: reply.id, content: `@${alice.username} @${carol.username} @${dave.username}` });
    await runJobs();
    expect((await rowsOf(alice.id)).map((row) => row.type)).toEqual(["reply"]);
  });

  it("tells members mentioned in a thread, when written and when edited", async () => {
    const [alice, bob, carol] = [await member(), await member(), await member()];
    const created = await as(alice).thread.create({ title: "Tanya soal deploy", categorySlug, contentJson: paragraph(`Halo @${bob.username}!`) });
    await runJobs();
    const [toBob] = (await as(bob).notification.list()).items;
    expect(toBob).toMatchObject({ type: "mention", actor: { username: alice.username }, url: `/t/${created.id}/${created.slug}`, excerpt: `Halo @${bob.username}!` });

    await as(alice).thread.update({ id: created.id, title: "Tanya soal deploy", categorySlug, contentJson: paragraph(`Halo @${bob.username} dan @${carol.username}`) });
    await runJobs();
    expect(await rowsOf(bob.id)).toHaveLength(1);
    expect(await rowsOf(carol.id)).toHaveLength(1);
  });

  it("reads at most 20 distinct usernames, not inside words or addresses", () => {
    const many = Array.from({ length: 30 }, (_, i) => `@user${i}`).join(" ");
    expect(mentionedUsernames(many)).toHaveLength(MAX_MENTIONS);
    expect(mentionedUsernames("mail budi@example.com, @Budi @budi. (@ab) @a.b")).toEqual(["budi", "a.b"]);
    // The worst input the reply limit allows is read in linear time.
    const started = Date.now();
    mentionedUsernames(`@a${"-".repeat(9_998)}`);
    mentionedUsernames("@".repeat(10_000));
    expect(Date.now() - started).toBeLessThan(200);
  });

  it("tells at most 20 members of one write", async () => {
    const [alice, bob] = [await member(), await member()];
    const mentioned: Member[] = [];
    for (let i = 0; i < 22; i++) mentioned.push(await member());
    const thread = await threadBy(alice);
    await as(bob).reply.create({ threadId: thread.id, content: mentioned.map((m) => `@${m.username}`).join(" ") });
    await runJobs();
    const told = await db.prisma.notification.count({ where: { type: "mention", userId: { in: mentioned.map((m) => m.id) } } });
    expect(told).toBe(MAX_MENTIONS);
  });
});

describe("reactions", () => {
  it("groups a thread's reactions while unread, counting each member once", async () => {
    const [alice, bob, carol, dave] = [await member(), await member(), await member(), await member()];
    const thread = await threadBy(alice);
    await as(bob).reaction.toggle({ threadId: thread.id, type: "like" });
    await runJobs();
    await as(carol).reaction.toggle({ threadId: thread.id, type: "fire" });
    // Bob takes his back, reacts again and changes it: still one member.
    await as(bob).reaction.toggle({ threadId: thread.id, type: "like" });
    await as(bob).reaction.toggle({ threadId: thread.id, type: "love" });
    await as(bob).reaction.toggle({ threadId: thread.id, type: "sad" });
    await as(alice).reaction.toggle({ threadId: thread.id, type: "like" });
    await runJobs();

    const { items } = await as(alice).notification.list();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ type: "reaction", actor: { username: carol.username }, othersCount: 1, url: `/t/${thread.id}/${thread.slug}` });

    await as(alice).notification.markRead({ id: items[0]!.id });
    await as(dave).reaction.toggle({ threadId: thread.id, type: "laugh" });
    // The sweep re-queues every recent reaction: the counted ones add nothing.
    await sweepRecentActivity({ prisma: db.prisma }, new Date(Date.now() + 60_000));
    await runJobs();
    const after = await as(alice).notification.list();
    expect(after.items.map((item) => [item.actor?.username, item.othersCount, item.readAt === null])).toEqual([
      [dave.username, 0, true],
      [carol.username, 1, false],
    ]);
  });
});

describe("system notifications", () => {
  it("tells a member of a badge, a warning and the outcome of their report", async () => {
    const [alice, bob] = [await member(), await member()];
    const badge = await db.prisma.badge.create({ data: { name: `Penolong ${alice.id}` } });
    const staff = testCaller(db.prisma, null, { admin });
    await staff.admin.badges.award({ badgeId: badge.id, username: alice.username });
    await staff.moderation.members.warn({ userId: alice.id, severity: "final", reason: "Bahasa kasar di beberapa balasan" });
    const thread = await threadBy(bob);
    const report = await as(alice).moderation.report({ targetType: "thread", targetId: thread.id, reason: "spam" });
    await staff.moderation.queue.dismiss({ id: report.id, note: "" });
    await runJobs();

    const items = (await as(alice).notification.list()).items;
    expect(items.map((item) => [item.type, item.detail, item.url, item.actor])).toEqual([
      ["report", { outcome: "dismissed", target: "thread" }, "/laporan-saya", null],
      ["warning", { severity: "final" }, "/pengaturan/peringatan", null],
      ["badge", { badge: badge.name }, `/u/${alice.username}`, null],
    ]);
  });

  it("tells a member of a credited payment once, however often the event runs", async () => {
    const alice = await member();
    const orderId = `ORDER-${alice.id}`;
    await PaymentOrderModel.create({
      orderId,
      userId: alice.id,
      kind: "topup",
      grossAmount: 50_000,
      tokenAmount: 0,
      status: "success",
      gateway: "sandbox",
      expiresAt: new Date(Date.now() + 60_000),
    });
    for (let i = 0; i < 2; i++) await handleNotificationEvent({ prisma: db.prisma }, { kind: "payment", ids: { orderId } });
    const items = (await as(alice).notification.list()).items;
    expect(items.map((item) => [item.type, item.detail, item.url])).toEqual([
      ["payment", { orderId, kind: "topup", amount: 50_000, tokens: 0 }, `/dompet/transaksi/${orderId}`],
    ]);
  });

  it("tells a member once when a debit takes their tokens below the threshold", async () => {
    const alice = await member();
    const env = { WALLET_WELCOME_TOKENS: LOW_TOKEN_BALANCE + 500 };
    const debit = (tokens: number, key: string) =>
      applyLedgerEntry({ env }, { userId: alice.id, type: "chat_usage", amount: 0, tokenAmount: -tokens, description: "Aleph", reference: null, idempotencyKey: `${key}-${alice.id}` });
    await debit(400, "a"); // 2,100: above
    await debit(200, "b"); // 1,900: crossed
    await debit(100, "c"); // 1,800: still below, no new crossing
    await sweepRecentActivity({ prisma: db.prisma });
    await sweepRecentActivity({ prisma: db.prisma });
    await runJobs();
    const items = (await as(alice).notification.list()).items;
    expect(items.map((item) => [item.type, item.detail, item.url])).toEqual([
      ["low_balance", { balance: 1_900, threshold: LOW_TOKEN_BALANCE }, "/dompet"],
    ]);
  });
});

describe("preferences", () => {
  it("lists every type with the defaults, and changes only what is sent", async () => {
    const alice = await member();
    const { items } = await as(alice).notification.preferences();
    expect(items).toHaveLength(8);
    expect(items.find((item) => item.type === "reply")).toEqual({ type: "reply", inApp: true, email: true, push: false });
    expect(items.find((item) => item.type === "badge")).toEqual({ type: "badge", inApp: true, email: false, push: false });
    expect(await as(alice).notification.setPreference({ type: "reply", push: true })).toEqual({ type: "reply", inApp: true, email: true, push: true });
    expect(await as(alice).notification.setPreference({ type: "reply", email: false })).toEqual({ type: "reply", inApp: true, email: false, push: true });
    await expect(asClientSees(as(alice).notification.setPreference({ type: "nope" as "reply" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("makes nothing for a type turned off everywhere; pushes when push is on", async () => {
    const [alice, bob] = [await member(), await member()];
    const thread = await threadBy(alice);
    await as(alice).notification.setPreference({ type: "reply", inApp: false, email: false, push: false });
    await as(bob).reply.create({ threadId: thread.id, content: "Tidak ada yang diberi tahu" });
    await runJobs();
    expect(await rowsOf(alice.id)).toHaveLength(0);

    await as(alice).notification.setPreference({ type: "reply", push: true });
    await as(bob).reply.create({ threadId: thread.id, content: "Yang ini lewat push saja" });
    await runJobs();
    // Stored (push needs a row to open), but not shown in the app.
    expect(await rowsOf(alice.id)).toHaveLength(1);
    expect((await as(alice).notification.list()).items).toHaveLength(0);
    expect(pushes).toEqual([
      { userId: alice.id, message: expect.objectContaining({ title: "Alephdraad", body: expect.stringContaining(bob.username), url: expect.stringMatching(new RegExp(`^/t/${thread.id}/`)) }) },
    ]);
  });
});

describe("watching and muting", () => {
  it("defaults the author to watching, others to normal; a watcher hears every reply; muting silences", async () => {
    const [alice, bob, carol] = [await member(), await member(), await member()];
    const thread = await threadBy(alice);
    expect(await as(alice).notification.threadLevel({ threadId: thread.id })).toEqual({ level: "watching" });
    expect(await as(carol).notification.threadLevel({ threadId: thread.id })).toEqual({ level: "normal" });
    await as(carol).notification.setThreadLevel({ threadId: thread.id, level: "watching" });
    await as(alice).notification.setThreadLevel({ threadId: thread.id, level: "muted" });
    await as(bob).reply.create({ threadId: thread.id, content: "Untuk yang mengikuti" });
    await runJobs();
    expect(await rowsOf(alice.id)).toHaveLength(0);
    expect((await as(carol).notification.list()).items.map((item) => item.detail)).toEqual([{ watching: 1 }]);

    // A muted thread's mentions and reactions stay silent too.
    await as(bob).reply.create({ threadId: thread.id, content: `@${alice.username} lihat ini` });
    await as(bob).reaction.toggle({ threadId: thread.id, type: "like" });
    await runJobs();
    expect(await rowsOf(alice.id)).toHaveLength(0);

    const hidden = await fixtures.thread({ categoryId, authorId: alice.id, isDeleted: true });
    await expect(asClientSees(as(alice).notification.threadLevel({ threadId: hidden.id }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(asClientSees(as(alice).notification.setThreadLevel({ threadId: hidden.id, level: "watching" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("blocks", () => {
  it("keeps a blocked member's replies, mentions and reactions from the blocker", async () => {
    const [alice, bob, carol] = [await member(), await member(), await member()];
    const thread = await threadBy(alice);
    expect(await as(alice).block.add({ username: bob.username })).toEqual({ userId: bob.id, username: bob.username });
    await as(alice).block.add({ username: bob.username });
    await as(bob).reply.create({ threadId: thread.id, content: `Halo @${alice.username}` });
    await as(bob).reaction.toggle({ threadId: thread.id, type: "like" });
    const other = await threadBy(carol);
    await as(bob).reply.create({ threadId: other.id, content: `@${alice.username} cek ini` });
    await runJobs();
    expect(await rowsOf(alice.id)).toHaveLength(0);
    expect((await rowsOf(carol.id)).map((row) => row.type)).toEqual(["reply"]);

    const list = await as(alice).block.list();
    expect(list.items.map((item) => item.username)).toEqual([bob.username]);
    expect(await as(alice).block.remove({ userId: bob.id })).toEqual({ ok: true });
    expect((await as(alice).block.list()).items).toHaveLength(0);
  });

  it("hides what a member sent before being blocked", async () => {
    const [alice, bob] = [await member(), await member()];
    const thread = await threadBy(alice);
    await as(bob).reply.create({ threadId: thread.id, content: "Sebelum diblokir" });
    await runJobs();
    expect(await as(alice).notification.unreadCount()).toEqual({ unread: 1 });
    await as(alice).block.add({ username: bob.username });
    expect(await as(alice).notification.unreadCount()).toEqual({ unread: 0 });
    expect((await as(alice).notification.list()).items).toHaveLength(0);
  });

  it("refuses oneself and unknown members", async () => {
    const alice = await member();
    await expect(asClientSees(as(alice).block.add({ username: alice.username }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(asClientSees(as(alice).block.add({ username: "tidak-ada-orangnya" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(asClientSees(as(alice).block.add({ username: "x" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(asClientSees(testCaller(db.prisma).block.list())).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("privacy", () => {
  it("tells nobody of a reply deleted, or on a thread hidden, before the job ran", async () => {
    const [alice, bob] = [await member(), await member()];
    const thread = await threadBy(alice);
    const reply = await as(bob).reply.create({ threadId: thread.id, content: "Segera dihapus" });
    await as(bob).reply.delete({ id: reply.id });
    const other = await threadBy(alice);
    await as(bob).reply.create({ threadId: other.id, content: `Isi rahasia @${alice.username}` });
    await testCaller(db.prisma, null, { admin }).moderation.content.hide({ targetType: "thread", targetId: other.id, note: "" });
    await runJobs();
    expect(await rowsOf(alice.id)).toHaveLength(0);
  });

  it("stops showing a notification once its reply or thread is hidden", async () => {
    const [alice, bob, carol] = [await member(), await member(), await member()];
    const thread = await threadBy(alice);
    const reply = await as(bob).reply.create({ threadId: thread.id, content: "Nanti disembunyikan moderator" });
    const other = await threadBy(carol);
    await as(carol).reply.create({ threadId: other.id, content: `@${alice.username} halo` });
    await runJobs();
    expect(await as(alice).notification.unreadCount()).toEqual({ unread: 2 });

    const staff = testCaller(db.prisma, null, { admin });
    await staff.moderation.content.hide({ targetType: "reply", targetId: reply.id, note: "" });
    expect(await as(alice).notification.unreadCount()).toEqual({ unread: 1 });
    await staff.moderation.content.hide({ targetType: "thread", targetId: other.id, note: "" });
    expect(await as(alice).notification.unreadCount()).toEqual({ unread: 0 });
    const listed = await as(alice).notification.list();
    expect(listed.items).toHaveLength(0);
    expect(JSON.stringify(listed)).not.toContain("disembunyikan");
  });

  it("stops showing what a member did once all of their content is hidden", async () => {
    const [alice, bob] = [await member(), await member()];
    const thread = await threadBy(alice);
    await as(bob).reaction.toggle({ threadId: thread.id, type: "like" });
    await runJobs();
    expect(await as(alice).notification.unreadCount()).toEqual({ unread: 1 });
    await testCaller(db.prisma, null, { admin }).moderation.members.hideAllContent({ userId: bob.id });
    expect(await as(alice).notification.unreadCount()).toEqual({ unread: 0 });
    expect((await as(alice).notification.list()).items).toHaveLength(0);
  });
});

describe("idempotency", () => {
  it("adds exactly one row per member when a run fails half-way and is retried", async () => {
    const [alice, bob, carol, dave] = [await member(), await member(), await member(), await member()];
    const thread = await threadBy(alice);
    await as(carol).notification.setThreadLevel({ threadId: thread.id, level: "watching" });
    const reply = await ReplyModel.create({ threadId: String(thread.id), userId: bob.id, username: bob.username, content: `Halo @${dave.username}` });
    const event = { kind: "reply" as const, ids: { replyId: reply._id } };

    // The database goes away after the first member's row is committed.
    let transactions = 0;
    const failing = new Proxy(db.prisma, {
      get(target, property, receiver) {
        if (property === "$transaction") {
          return (...args: Parameters<Prisma["$transaction"]>) => {
            transactions += 1;
            if (transactions > 1) throw new Error("PostgreSQL went away");
            return (target.$transaction as (...a: unknown[]) => unknown)(...args);
          };
        }
        return Reflect.get(target, property, receiver);
      },
    });
    await expect(handleNotificationEvent({ prisma: failing }, event)).rejects.toThrow("PostgreSQL went away");
    const recipients = [alice.id, carol.id, dave.id];
    expect(await db.prisma.notification.count({ where: { userId: { in: recipients } } })).toBe(1);

    // The retry (and any later replay: the job again, the sweep) finishes without duplicating.
    expect(await handleNotificationEvent({ prisma: db.prisma }, event)).toBe(2);
    expect(await handleNotificationEvent({ prisma: db.prisma }, event)).toBe(0);
    await queueNotificationEvent(db.prisma, event);
    await runJobs();
    const rows = await db.prisma.notification.findMany({ where: { userId: { in: recipients } } });
    expect(rows.map((row) => [row.userId, row.type]).sort()).toEqual(
      [[alice.id, "reply"], [carol.id, "reply"], [dave.id, "mention"]].sort(),
    );
  });

  it("notifies a reply whose job a crash lost, through the sweep", async () => {
    const [alice, bob] = [await member(), await member()];
    const thread = await threadBy(alice);
    // Written to MongoDB, then the process died before the count and the job committed.
    await ReplyModel.create({ threadId: String(thread.id), userId: bob.id, username: bob.username, content: "Yatim" });
    await runJobs();
    expect(await rowsOf(alice.id)).toHaveLength(0);
    await sweepRecentActivity({ prisma: db.prisma }, new Date(Date.now() + 60_000));
    await runJobs();
    expect((await rowsOf(alice.id)).map((row) => row.type)).toEqual(["reply"]);
  });

  it("counts each of many members reacting at once exactly once, in one group", async () => {
    const alice = await member();
    const thread = await threadBy(alice);
    const reactors: Member[] = [];
    for (let i = 0; i < 6; i++) reactors.push(await member());
    for (const reactor of reactors) await as(reactor).reaction.toggle({ threadId: thread.id, type: "like" });
    const events = reactors.flatMap((reactor) => [reactor, reactor]).map((reactor) => ({ kind: "reaction" as const, ids: { threadId: thread.id, userId: reactor.id } }));
    await Promise.all(events.map((event) => handleNotificationEvent({ prisma: db.prisma }, event)));
    const rows = await rowsOf(alice.id);
    expect(rows.map((row) => row.actorCount)).toEqual([6]);
    expect(await db.prisma.notificationActor.count({ where: { notificationId: rows[0]!.id } })).toBe(6);
  });

  it("queues the reply's job with its count, and one job per event", async () => {
    const [alice, bob] = [await member(), await member()];
    const thread = await threadBy(alice);
    const reply = await as(bob).reply.create({ threadId: thread.id, content: "satu" });
    await as(bob).reply.update({ id: reply.id, content: "dua" });
    const jobs = await db.prisma.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM graphile_worker._private_jobs
       WHERE key = ${notificationEventJobKey({ kind: "reply", ids: { replyId: reply.id } })} AND payload->'ids'->>'replyId' = ${reply.id}`;
    expect(Number(jobs[0]!.count)).toBe(1);
    await runJobs();
    expect(await rowsOf(alice.id)).toHaveLength(1);
  });
});

describe("the digest mail", () => {
  it("speaks the member's language", async () => {
    const [alice, bob] = [await member(), await member()];
    await db.prisma.user.update({ where: { id: alice.id }, data: { locale: "en" } });
    const thread = await threadBy(alice);
    await as(bob).reply.create({ threadId: thread.id, content: "Halo" });
    await runJobs();
    const mail = await smtp.waitForMail(alice.email, /new notification/);
    expect(mail.subject).toBe("Alephdraad: 1 new notification");
    expect(mail.text).toContain(`replied to your thread "${thread.title}"`);
    expect(mail.text).toContain("All notifications: ");
    expect(mail.text).not.toMatch(/Halo|Semua notifikasi|membalas/);
  });

  it("mails unread notifications at most once an hour, each once", async () => {
    const [alice, bob] = [await member(), await member()];
    const thread = await threadBy(alice);
    await as(bob).reply.create({ threadId: thread.id, content: "Pertama" });
    await runJobs();
    const first = await smtp.waitForMail(alice.email, /notifikasi baru/);
    expect(first.text).toContain(`membalas thread-mu "${thread.title}"`);
    expect(first.text).toMatch(new RegExp(`http://localhost:\\d+/t/${thread.id}/${thread.slug}#balasan-rpl_`));

    await as(bob).reply.create({ threadId: thread.id, content: "Kedua" });
    await runJobs();
    const [digest] = await db.prisma.$queryRaw<{ run_at: Date }[]>`
      SELECT run_at FROM graphile_worker.jobs WHERE key = ${digestJobKey(alice.id)}`;
    const state = await db.prisma.notificationDigest.findUniqueOrThrow({ where: { userId: alice.id } });
    expect(digest!.run_at.getTime()).toBeGreaterThanOrEqual(state.lastSentAt.getTime() + DIGEST_INTERVAL_MS);
    expect(smtp.received.filter((mail) => mail.to.includes(alice.email))).toHaveLength(1);

    // An hour later: the second mail carries only the new notification.
    await db.prisma.notificationDigest.update({ where: { userId: alice.id }, data: { lastSentAt: new Date(Date.now() - DIGEST_INTERVAL_MS) } });
    await db.prisma.$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key = ${digestJobKey(alice.id)}`;
    await runJobs();
    const mails = smtp.received.filter((mail) => mail.to.includes(alice.email));
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toBe("Alephdraad: 1 notifikasi baru");
    expect(await db.prisma.notification.count({ where: { userId: alice.id, emailedAt: null } })).toBe(0);
  });

  it("mails nothing read already, nothing of a type mailed off, and nothing hidden since", async () => {
    const [alice, bob] = [await member(), await member()];
    const thread = await threadBy(alice);
    // Alice was mailed a moment ago: the next digest waits its hour.
    await db.prisma.notificationDigest.create({ data: { userId: alice.id, lastSentAt: new Date() } });
    await as(alice).notification.setPreference({ type: "mention", email: false });
    const other = await threadBy(bob);
    await as(bob).reply.create({ threadId: other.id, content: `@${alice.username} dengan e-mail mati` });
    const hidden = await as(bob).reply.create({ threadId: thread.id, content: "Akan disembunyikan" });
    const read = await as(bob).reply.create({ threadId: thread.id, content: "Sudah dibaca di aplikasi" });
    await runJobs();
    expect(await rowsOf(alice.id)).toHaveLength(3);
    await testCaller(db.prisma, null, { admin }).moderation.content.hide({ targetType: "reply", targetId: hidden.id, note: "" });
    const readRow = await db.prisma.notification.findFirstOrThrow({ where: { userId: alice.id, replyId: read.id } });
    await as(alice).notification.markRead({ id: readRow.id });

    await db.prisma.notificationDigest.update({ where: { userId: alice.id }, data: { lastSentAt: new Date(Date.now() - DIGEST_INTERVAL_MS) } });
    await db.prisma.$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key = ${digestJobKey(alice.id)}`;
    await runJobs();
    expect(smtp.received.filter((mail) => mail.to.includes(alice.email))).toHaveLength(0);
    expect(await db.prisma.notification.count({ where: { userId: alice.id, emailedAt: { not: null } } })).toBe(0);
  });
});

describe("reading", () => {
  it("marks one's own notifications read; another member's is NOT_FOUND", async () => {
    const [alice, bob] = [await member(), await member()];
    const thread = await threadBy(alice);
    await as(bob).reply.create({ threadId: thread.id, content: "satu" });
    await as(bob).reply.create({ threadId: thread.id, content: "dua" });
    await runJobs();
    const { items } = await as(alice).notification.list();
    await expect(asClientSees(as(bob).notification.markRead({ id: items[0]!.id }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(asClientSees(as(bob).notification.markRead({ id: "ntf_tidak-ada" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(asClientSees(as(bob).notification.markRead({ id: "x".repeat(41) }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await as(alice).notification.markRead({ id: items[0]!.id })).toEqual({ unread: 1 });
    expect(await as(alice).notification.markRead({ id: items[0]!.id })).toEqual({ unread: 1 });
    // The live bus hears of every change of the count (the runtime wires it into the context).
    const live = { prisma: db.prisma, publishUnread: async (userId: number, unread: number) => void published.push({ userId, unread }) };
    expect(await markAllRead(live, alice.id)).toEqual({ unread: 0 });
    expect(published.at(-1)).toEqual({ userId: alice.id, unread: 0 });
    await expect(asClientSees(markRead(live, bob.id, items[1]!.id))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(asClientSees(testCaller(db.prisma).notification.unreadCount())).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("pages newest first without gaps or repeats, within the limits", async () => {
    const [alice, bob] = [await member(), await member()];
    const thread = await threadBy(alice);
    for (let i = 0; i < 23; i++) await as(bob).reply.create({ threadId: thread.id, content: `balasan ${i}` });
    await runJobs();
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await as(alice).notification.list({ limit: 10, ...(cursor ? { cursor } : {}) });
      sizes.push(page.items.length);
      seen.push(...page.items.map((item) => item.excerpt!));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([10, 10, 3]);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => `balasan ${22 - i}`));
    expect((await as(alice).notification.list({ limit: 50 })).items).toHaveLength(23);
    for (const bad of [{ limit: 0 }, { limit: 51 }, { cursor: "bukan-kursor" }]) {
      await expect(asClientSees(as(alice).notification.list(bad))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
  });
});
