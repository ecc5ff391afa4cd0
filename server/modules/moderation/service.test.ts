import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../../trpc/root.ts";
import { createForumTestDatabase, createTestAdmin, forumFixtures, testCaller } from "../../testing/forum.ts";
import { connectTestMongo, type TestMongo } from "../../testing/mongo.ts";
import { memberWithPassword, requestCallers } from "../../testing/request-caller.ts";
import type { AdminActor } from "../staff-log/service.ts";
import { findRelevantThreads } from "../chat/retrieval.ts";
import { ReplyModel } from "../reply/reply.model.ts";
import { createAuth } from "../auth/lucia.ts";
import { login } from "../auth/service.ts";
import { parseEnv } from "../../platform/env.ts";
import { createAccessToken } from "../access-token/service.ts";
import { DeviceBanModel } from "./device-ban.model.ts";
import { isDeviceBanned, reportContent } from "./service.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let mongo: TestMongo;
let fixtures: ReturnType<typeof forumFixtures>;
let categorySlug: string;
let categoryId: number;
let admin: AdminActor;
let otherAdmin: AdminActor;

beforeAll(async () => {
  [db, mongo] = await Promise.all([createForumTestDatabase(), connectTestMongo()]);
  fixtures = forumFixtures(db.prisma);
  const category = await fixtures.category();
  categorySlug = category.slug;
  categoryId = category.id;
  admin = await createTestAdmin(db.prisma);
  otherAdmin = await createTestAdmin(db.prisma);
});
afterAll(async () => {
  await Promise.all([db?.close(), mongo?.drop()]);
});

const asAdmin = (who: AdminActor = admin) => testCaller(db.prisma, null, { admin: who });
const as = (user: { id: number; username: string }) => testCaller(db.prisma, user);
const logOf = (action: string, targetId?: string | number) =>
  db.prisma.staffAction.findMany({ where: { action, ...(targetId !== undefined ? { targetId: String(targetId) } : {}) } });

/** A thread by `author` with one reply by `replier` (and that reply's answer by the author). */
async function threadWithReply(author: { id: number; username: string }, replier: { id: number; username: string }, title?: string) {
  const thread = await fixtures.thread({ categoryId, authorId: author.id, ...(title ? { title } : {}) });
  const reply = await as(replier).reply.create({ threadId: thread.id, content: "balasan yang kasar" });
  const answer = await as(author).reply.create({ threadId: thread.id, parentReplyId: reply.id, content: "jawaban" });
  return { thread, reply, answer };
}

describe("who may call the moderation procedures", () => {
  const staffPaths = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { staffOnly?: boolean } } }>)
    .filter(([path]) => path.startsWith("moderation."))
    .filter(([path]) => !["moderation.report", "moderation.myReports", "moderation.myWarnings"].includes(path));

  it("every staff procedure is an adminProcedure", () => {
    expect(staffPaths.length).toBeGreaterThanOrEqual(17);
    for (const [path, procedure] of staffPaths) expect(procedure._def.meta?.staffOnly, path).toBe(true);
  });

  it("a member, even one acting on their own record, is refused by every staff procedure", async () => {
    const member = await fixtures.user();
    const caller = as(member) as unknown as Record<string, Record<string, Record<string, (input: unknown) => Promise<unknown>>>>;
    for (const [path] of staffPaths) {
      const [, group, name] = path.split(".") as [string, string, string];
      await expect(caller.moderation![group]![name]!({ userId: member.id, id: "rpt_x" }), path).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("the member procedures need a signed-in member", async () => {
    await expect(testCaller(db.prisma).moderation.myReports()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("reports", () => {
  it("a member reports a reply once; the second open report on it is refused, other members may too", async () => {
    const [author, replier, reporter, second] = await Promise.all([fixtures.user(), fixtures.user(), fixtures.user(), fixtures.user()]);
    const { reply } = await threadWithReply(author, replier);
    const report = await as(reporter).moderation.report({ targetType: "reply", targetId: reply.id, reason: "abuse", details: "" });
    expect(report).toMatchObject({ status: "pending", targetType: "reply", target: { replyId: reply.id, username: replier.username } });
    await expect(
      as(reporter).moderation.report({ targetType: "reply", targetId: reply.id, reason: "spam", details: "" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await as(second).moderation.report({ targetType: "reply", targetId: reply.id, reason: "spam", details: "" });
  });

  it("of 20 concurrent double submits exactly one report is stored", async () => {
    const [author, reporter] = await Promise.all([fixtures.user(), fixtures.user()]);
    const thread = await fixtures.thread({ categoryId, authorId: author.id });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        reportContent(db.prisma, reporter, { targetType: "thread", targetId: String(thread.id), reason: "spam", details: "" }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const { ReportModel } = await import("./report.model.ts");
    expect(await ReportModel.countDocuments({ reporterId: reporter.id })).toBe(1);
  });

  it("refuses reporting oneself, one's own writing, a missing or hidden target, and `other` without details", async () => {
    const [author, reporter] = await Promise.all([fixtures.user(), fixtures.user()]);
    const thread = await fixtures.thread({ categoryId, authorId: author.id });
    await expect(as(author).moderation.report({ targetType: "thread", targetId: thread.id, reason: "spam" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("sendiri"),
    });
    await expect(as(author).moderation.report({ targetType: "user", targetId: author.id, reason: "spam" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as(reporter).moderation.report({ targetType: "thread", targetId: 999_999, reason: "spam" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      as(reporter).moderation.report({ targetType: "reply", targetId: "rpl_01HZZZZZZZZZZZZZZZZZZZZZZZ", reason: "spam" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as(reporter).moderation.report({ targetType: "thread", targetId: thread.id, reason: "other" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      as(reporter).moderation.report({ targetType: "thread", targetId: thread.id, reason: "other", details: "x".repeat(1001) }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await asAdmin().moderation.content.hide({ targetType: "thread", targetId: thread.id });
    await expect(as(reporter).moderation.report({ targetType: "thread", targetId: thread.id, reason: "spam" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("the review queue", () => {
  it("lists pending reports oldest first with a count, filters by status and type, pages by cursor", async () => {
    const [author, reporter] = await Promise.all([fixtures.user(), fixtures.user()]);
    const threads = await Promise.all([1, 2, 3].map(() => fixtures.thread({ categoryId, authorId: author.id })));
    const ids: string[] = [];
    for (const thread of threads) {
      ids.push((await as(reporter).moderation.report({ targetType: "thread", targetId: thread.id, reason: "spam" })).id);
    }
    await as(reporter).moderation.report({ targetType: "user", targetId: author.id, reason: "abuse" });
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await asAdmin().moderation.queue.list({ status: "pending", targetType: "thread", limit: 2, cursor });
      expect(page.pendingCount).toBeGreaterThanOrEqual(4);
      all.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const ours = all.filter((id) => ids.includes(id));
    expect(ours).toEqual(ids);
    const users = await asAdmin().moderation.queue.list({ targetType: "user" });
    expect(users.items.every((item) => item.targetType === "user")).toBe(true);
  });

  it("resolving hides the reply in place, warns its author, resolves every open report on it, logs each action, and tells the reporters", async () => {
    const [author, replier, reporter, second] = await Promise.all([fixtures.user(), fixtures.user(), fixtures.user(), fixtures.user()]);
    const { thread, reply, answer } = await threadWithReply(author, replier);
    const report = await as(reporter).moderation.report({ targetType: "reply", targetId: reply.id, reason: "abuse" });
    await as(second).moderation.report({ targetType: "reply", targetId: reply.id, reason: "spam" });

    const detail = await asAdmin().moderation.queue.get({ id: report.id });
    expect(detail.target).toMatchObject({ type: "reply", visible: true, reply: { content: "balasan yang kasar" }, thread: { id: thread.id } });
    expect(detail.author).toMatchObject({ id: replier.id, warnings: [] });
    expect(detail.otherReports).toHaveLength(1);
    const before = await db.prisma.thread.findUniqueOrThrow({ where: { id: thread.id } });

    const outcome = await asAdmin().moderation.queue.resolve({
      id: report.id,
      hide: true,
      warn: { severity: "warning", reason: "Jaga bahasa." },
      note: "Balasan disembunyikan.",
    });
    expect(outcome).toEqual({ status: "resolved", reports: 2 });

    // In place, with its answer still under it; out of the thread's count.
    const replies = await testCaller(db.prisma).reply.listByThread({ threadId: thread.id });
    const shown = replies.items.find((item) => item.id === reply.id)!;
    expect(shown).toMatchObject({ isHidden: true, content: "" });
    expect(shown.children.map((child) => child.id)).toEqual([answer.id]);
    expect((await db.prisma.thread.findUniqueOrThrow({ where: { id: thread.id } })).replyCount).toBe(before.replyCount - 1);

    expect((await as(replier).moderation.myWarnings()).items).toMatchObject([{ severity: "warning", reason: "Jaga bahasa." }]);
    const mine = await as(reporter).moderation.myReports();
    expect(mine.items[0]).toMatchObject({ id: report.id, status: "resolved", resolution: "Balasan disembunyikan." });
    expect((await as(second).moderation.myReports()).items[0]).toMatchObject({ status: "resolved" });

    expect(await logOf("report.resolve", report.id)).toHaveLength(1);
    expect(await logOf("reply.hide", reply.id)).toMatchObject([{ adminId: admin.id, after: { hiddenByModerator: true } }]);
    expect(await logOf("member.warn", replier.id)).toHaveLength(1);

    // Decided: reporting it again is refused (it is hidden), deciding it again is a conflict.
    await expect(asAdmin().moderation.queue.dismiss({ id: report.id })).rejects.toMatchObject({ code: "CONFLICT" });

    // Shown again by a moderator: back in place and in the count.
    await asAdmin().moderation.content.unhide({ targetType: "reply", targetId: reply.id });
    expect((await db.prisma.thread.findUniqueOrThrow({ where: { id: thread.id } })).replyCount).toBe(before.replyCount);
    expect(await logOf("reply.unhide", reply.id)).toHaveLength(1);
  });

  it("of two admins resolving one report at once exactly one wins; the other gets CONFLICT", async () => {
    const [author, reporter] = await Promise.all([fixtures.user(), fixtures.user()]);
    const thread = await fixtures.thread({ categoryId, authorId: author.id });
    const report = await as(reporter).moderation.report({ targetType: "thread", targetId: thread.id, reason: "spam" });
    const results = await Promise.allSettled([
      asAdmin(admin).moderation.queue.resolve({ id: report.id, warn: { severity: "final", reason: "Spam berulang." } }),
      asAdmin(otherAdmin).moderation.queue.dismiss({ id: report.id, note: "bukan spam" }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("sudah ditangani") });
    const decisions = await db.prisma.staffAction.count({ where: { targetId: report.id, action: { in: ["report.resolve", "report.dismiss"] } } });
    expect(decisions).toBe(1);
  });

  it("dismissing closes the report with a note and logs it; the member may report the target again", async () => {
    const [author, reporter] = await Promise.all([fixtures.user(), fixtures.user()]);
    const thread = await fixtures.thread({ categoryId, authorId: author.id });
    const report = await as(reporter).moderation.report({ targetType: "thread", targetId: thread.id, reason: "off_topic" });
    await asAdmin().moderation.queue.dismiss({ id: report.id, note: "Sesuai topik." });
    expect(await logOf("report.dismiss", report.id)).toMatchObject([{ note: "Sesuai topik." }]);
    expect((await as(reporter).moderation.myReports()).items[0]).toMatchObject({ status: "dismissed", resolution: "Sesuai topik." });
    await as(reporter).moderation.report({ targetType: "thread", targetId: thread.id, reason: "spam" });
  });

  it("resolving with a lock and a device ban locks the author and bans their recent devices", async () => {
    const [author, reporter] = await Promise.all([fixtures.user(), fixtures.user()]);
    await db.prisma.session.create({
      data: { id: `s-${author.id}`, userId: author.id, deviceFingerprint: `fp-${author.id}-aaaa`, expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const report = await as(reporter).moderation.report({ targetType: "user", targetId: author.id, reason: "abuse" });
    await asAdmin().moderation.queue.resolve({
      id: report.id,
      lock: { reason: "Pelecehan." },
      banDevices: { reason: "Pelecehan.", expiresAt: null },
    });
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: author.id } })).toMatchObject({ isLocked: true, lockReason: "Pelecehan." });
    expect(await isDeviceBanned(`fp-${author.id}-aaaa`)).toBe(true);
    expect(await logOf("member.lock", author.id)).toHaveLength(1);
    expect(await logOf("device.ban")).not.toHaveLength(0);
    const bans = await asAdmin().moderation.bans.list();
    expect(bans.items.find((ban) => ban.fingerprint === `fp-${author.id}-aaaa`)?.source).toEqual({ id: author.id, username: author.username });
  });
});

describe("content hidden by a moderator", () => {
  it("a hidden thread leaves lists, search, Aleph's retrieval and counts, and its address shows a placeholder", async () => {
    const author = await fixtures.user();
    const word = `zebraquokka${process.pid}`;
    const thread = await fixtures.thread({ categoryId, authorId: author.id, title: `Tentang ${word} sekali` });
    await db.prisma.$executeRaw`UPDATE threads SET content_text = ${word} WHERE id = ${thread.id}`;
    const anonymous = testCaller(db.prisma);
    const inList = async () => (await anonymous.thread.list({ categorySlug })).items.some((item) => item.id === thread.id);
    const inSearch = async () => (await anonymous.thread.search({ query: word })).items.some((item) => item.id === thread.id);
    const inRetrieval = async () => (await findRelevantThreads(db.prisma, word)).some((item) => item.id === thread.id);
    expect([await inList(), await inSearch(), await inRetrieval()]).toEqual([true, true, true]);
    const count = async () => (await anonymous.category.list()).find((category) => category.slug === categorySlug)!.threadCount;
    const countBefore = await count();

    await asAdmin().moderation.content.hide({ targetType: "thread", targetId: thread.id, note: "spam" });
    expect([await inList(), await inSearch(), await inRetrieval()]).toEqual([false, false, false]);
    expect(await count()).toBe(countBefore - 1);
    const page = await anonymous.thread.byId({ id: thread.id });
    expect(page).toMatchObject({ id: thread.id, isHidden: true, title: "", summary: "" });
    await expect(anonymous.reply.listByThread({ threadId: thread.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Its author cannot edit it back into view.
    await expect(
      as(author).thread.update({ id: thread.id, title: "Judul baru", summary: "", categorySlug, contentJson: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "baru" }] }] } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(asAdmin().moderation.content.hide({ targetType: "thread", targetId: thread.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await logOf("thread.hide", thread.id)).toMatchObject([{ note: "spam" }]);

    await asAdmin().moderation.content.unhide({ targetType: "thread", targetId: thread.id });
    expect([await inList(), await inSearch(), await inRetrieval()]).toEqual([true, true, true]);
    expect(await logOf("thread.unhide", thread.id)).toHaveLength(1);
  });
});

describe("members: warnings, locks, two-factor", () => {
  it("a warning is shown to the member and in their record, and logged", async () => {
    const member = await fixtures.user();
    await asAdmin().moderation.members.warn({ userId: member.id, severity: "final", reason: "Peringatan terakhir." });
    expect((await as(member).moderation.myWarnings()).items).toMatchObject([{ severity: "final" }]);
    const record = await asAdmin().moderation.members.get({ userId: member.id });
    expect(record).toMatchObject({ id: member.id, counts: { warnings: 1 }, warnings: [{ reason: "Peringatan terakhir." }], isLocked: false });
    expect(await logOf("member.warn", member.id)).toHaveLength(1);
  });

  it("a lock ends the member's session and access token at once, sign-in shows the reason, unlock lets them back", async () => {
    const member = await memberWithPassword(db.prisma, `locked${process.pid}`, "sandi-rahasia-123");
    const callers = requestCallers(db.prisma);
    const sessionHeaders = await callers.sessionHeaders(member.id);
    const { token } = await createAccessToken(db.prisma, member.id, { name: "ci", expiresInDays: null }, { ipAddress: null, userAgent: null, deviceFingerprint: null });
    expect((await (await callers.call(sessionHeaders)).auth.me())?.id).toBe(member.id);
    expect((await (await callers.call({ authorization: `Bearer ${token}` })).auth.me())?.id).toBe(member.id);

    await asAdmin().moderation.members.lock({ userId: member.id, reason: "Spam berulang" });
    expect(await (await callers.call(sessionHeaders)).auth.me()).toBeNull();
    await expect((await callers.call({ authorization: `Bearer ${token}` })).auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    // Revoked rows, not only refused while locked.
    expect(await db.prisma.session.count({ where: { userId: member.id, isRevoked: false } })).toBe(0);
    expect(await db.prisma.personalAccessToken.count({ where: { userId: member.id, revokedAt: null } })).toBe(0);
    const client = { ipAddress: "127.0.0.1", userAgent: "vitest", deviceFingerprint: null };
    const deps = { prisma: db.prisma, auth: createAuth(db.prisma, parseEnv({ NODE_ENV: "test" })) };
    await expect(login(deps, { identifier: member.username, password: "sandi-rahasia-123" }, client)).rejects.toMatchObject({
      message: "Akun dikunci oleh admin: Spam berulang",
    });
    expect(await logOf("member.lock", member.id)).toMatchObject([{ after: { isLocked: true, lockReason: "Spam berulang", revokedSessions: 1, revokedTokens: 1 } }]);
    expect(await db.prisma.securityEvent.count({ where: { userId: member.id, eventType: "access_tokens_revoked" } })).toBe(1);

    await asAdmin().moderation.members.unlock({ userId: member.id });
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({ isLocked: false, lockReason: null });
    expect(await logOf("member.unlock", member.id)).toHaveLength(1);
    await expect(asAdmin().moderation.members.unlock({ userId: member.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("resets a member's two-factor: TOTP off, backup codes gone, logged, and the member is told", async () => {
    const member = await fixtures.user();
    await db.prisma.user.update({ where: { id: member.id }, data: { totpEnabled: true, totpSecret: "secret" } });
    await db.prisma.backupCode.create({ data: { userId: member.id, codeHash: "x" } });
    await asAdmin().moderation.members.resetTwoFactor({ userId: member.id });
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({ totpEnabled: false, totpSecret: null });
    expect(await db.prisma.backupCode.count({ where: { userId: member.id } })).toBe(0);
    expect(await logOf("member.resetTwoFactor", member.id)).toHaveLength(1);
    expect(await db.prisma.securityEvent.count({ where: { userId: member.id, eventType: "totp_disabled" } })).toBe(1);
    await expect(asAdmin().moderation.members.resetTwoFactor({ userId: member.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("device bans", () => {
  it("bans, lists and lifts a fingerprint, logging both; an expired ban stops applying by itself", async () => {
    const fingerprint = `f${process.pid}`.padEnd(64, "a");
    const ban = await asAdmin().moderation.bans.create({ fingerprint, reason: "Akun palsu berulang", expiresAt: null });
    expect(await isDeviceBanned(fingerprint)).toBe(true);
    expect((await asAdmin().moderation.bans.list()).items.map((item) => item.id)).toContain(ban.id);
    await asAdmin().moderation.bans.lift({ id: ban.id });
    expect(await isDeviceBanned(fingerprint)).toBe(false);
    expect((await asAdmin().moderation.bans.list({ status: "ended" })).items.map((item) => item.id)).toContain(ban.id);
    await expect(asAdmin().moderation.bans.lift({ id: ban.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await logOf("device.ban", ban.id)).toHaveLength(1);
    expect(await logOf("device.lift", ban.id)).toHaveLength(1);

    // A ban whose expiry passed (written directly: the procedure refuses an expiry in the past).
    const expired = `e${process.pid}`.padEnd(64, "b");
    await DeviceBanModel.create({ fingerprint: expired, reason: "lama", bannedBy: admin.id, expiresAt: new Date(Date.now() - 1000) });
    expect(await isDeviceBanned(expired)).toBe(false);
    await expect(asAdmin().moderation.bans.create({ fingerprint: expired, reason: "lama sekali", expiresAt: new Date(Date.now() - 1000) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("banning a member's devices needs a known device", async () => {
    const member = await fixtures.user();
    await expect(asAdmin().moderation.members.banDevices({ userId: member.id, reason: "Spam bot" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("replies of hidden content stay consistent", () => {
  it("a moderator-hidden reply cannot be answered, edited or deleted by its author", async () => {
    const [author, replier] = await Promise.all([fixtures.user(), fixtures.user()]);
    const { reply } = await threadWithReply(author, replier);
    await asAdmin().moderation.content.hide({ targetType: "reply", targetId: reply.id });
    await expect(as(replier).reply.update({ id: reply.id, content: "diubah" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await ReplyModel.findById(reply.id).lean()).toMatchObject({ isHidden: true, content: "balasan yang kasar" });
  });
});
