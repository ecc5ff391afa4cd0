import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessToken } from "../modules/access-token/service.ts";
import { ADMIN_ABSOLUTE_MS, ADMIN_IDLE_MS } from "../modules/admin/policies.ts";
import { adminSessionHeaders } from "../testing/admin.ts";
import { createForumTestDatabase, createTestAdmin } from "../testing/forum.ts";
import { startTestHttpApp } from "../testing/http.ts";
import { memberWithPassword, requestCallers } from "../testing/request-caller.ts";
import type { Prisma } from "../platform/db/postgres.ts";
import { appRouter } from "./root.ts";

/*
 * No one but an admin past two-factor reaches a staff procedure: every procedure the router
 * marks staffOnly (adminProcedure) is called over real HTTP, with real cookies and tokens, by
 * each kind of caller that must be refused, and the database is unchanged afterwards.
 */

type Procedure = { _def: { type: "query" | "mutation" | "subscription"; meta?: { staffOnly?: boolean } } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Procedure>);
const staffOnly = procedures.filter(([, procedure]) => procedure._def.meta?.staffOnly === true);

/** The admin procedures anyone may call: signing in and setting up, nothing else. */
const PUBLIC_ADMIN_PROCEDURES = new Set([
  "admin.auth.status",
  "admin.auth.setupState",
  "admin.auth.beginSetup",
  "admin.auth.setup",
  "admin.auth.signIn",
  "admin.auth.verifyTotp",
  "admin.auth.signOut",
]);

describe("which procedures are staff-only", () => {
  it("there are some, and every admin.* procedure but the sign-in and setup ones is built on adminProcedure", () => {
    expect(staffOnly.length).toBeGreaterThan(0);
    for (const [path, procedure] of procedures) {
      if (PUBLIC_ADMIN_PROCEDURES.has(path)) {
        expect(procedure._def.meta?.staffOnly, path).not.toBe(true);
      } else if (path.startsWith("admin.")) {
        expect(procedure._def.meta?.staffOnly, `${path} must be built on adminProcedure`).toBe(true);
      }
    }
    for (const path of PUBLIC_ADMIN_PROCEDURES) expect(appRouter._def.procedures, path).toHaveProperty([path]);
  });
});

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let app: Awaited<ReturnType<typeof startTestHttpApp>>;

beforeAll(async () => {
  db = await createForumTestDatabase();
  app = await startTestHttpApp(db.prisma, { RATE_LIMIT_ENABLED: "false" });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
});

/** Row counts of every table: a refused call must not have written anything. */
async function tableCounts(prisma: Prisma): Promise<Record<string, number>> {
  const tables = await prisma.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [row] = await prisma.$queryRawUnsafe<{ count: bigint }[]>(`SELECT count(*) AS count FROM "${table_name.replace(/"/g, '""')}"`);
    counts[table_name] = Number(row?.count ?? 0);
  }
  return counts;
}

/** One tRPC call over HTTP as a browser or program would make it (the site's Origin, for the CSRF check). */
async function call(path: string, type: Procedure["_def"]["type"], headers: Record<string, string>) {
  const input = encodeURIComponent(JSON.stringify({ json: {} }));
  const response =
    type === "mutation"
      ? await fetch(`${app.origin}/api/trpc/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: app.origin, ...headers },
          body: JSON.stringify({ json: {} }),
        })
      : await fetch(`${app.origin}/api/trpc/${path}?input=${input}`, { headers: { origin: app.origin, ...headers } });
  const body = (await response.json()) as { error?: { json: { data: { code: string } } } };
  return { status: response.status, code: body.error?.json.data.code };
}

describe("staff procedures over HTTP", () => {
  it("refuse a member (session and access token), anonymous, a pending, an expired, an idle and an inactive admin's session", async () => {
    const member = await memberWithPassword(db.prisma, `member-${process.pid}`, "kata-sandi-anggota-1");
    const callers = requestCallers(db.prisma);
    const { token } = await createAccessToken(db.prisma, member.id, { name: "probe", expiresInDays: null }, {
      ipAddress: null,
      userAgent: null,
      deviceFingerprint: null,
    });
    const admin = await createTestAdmin(db.prisma);
    const inactive = await createTestAdmin(db.prisma, "inactive");
    const inactiveSession = await adminSessionHeaders(db.prisma, inactive.id);
    await db.prisma.admin.update({ where: { id: inactive.id }, data: { isActive: false } });
    const now = Date.now();
    const refused: Record<string, Record<string, string>> = {
      anonymous: {},
      "member session": await callers.sessionHeaders(member.id),
      "member access token": { authorization: `Bearer ${token}` },
      "admin pending two-factor": await adminSessionHeaders(db.prisma, admin.id, { twoFactorVerified: false }),
      "admin expired": await adminSessionHeaders(db.prisma, admin.id, { at: new Date(now - ADMIN_ABSOLUTE_MS - 1000) }),
      "admin idle": await adminSessionHeaders(db.prisma, admin.id, { at: new Date(now - ADMIN_IDLE_MS - 1000) }),
      "admin inactive": inactiveSession,
    };
    // The member cookie and an admin's pending session together are still no admin.
    refused["member session + pending admin"] = {
      cookie: `${refused["member session"]!.cookie}; ${refused["admin pending two-factor"]!.cookie}`,
    };

    const before = await tableCounts(db.prisma);
    const answers: string[] = [];
    for (const [who, headers] of Object.entries(refused)) {
      for (const [path, procedure] of staffOnly) {
        if (procedure._def.type === "subscription") continue;
        const { status, code } = await call(path, procedure._def.type, headers);
        if (!(status === 403 && code === "FORBIDDEN") && !(status === 401 && code === "UNAUTHORIZED")) answers.push(`${who} → ${path}: ${status} ${code}`);
      }
    }
    expect(answers).toEqual([]);
    const after = await tableCounts(db.prisma);
    // Dead admin sessions are deleted when their cookie is seen; nothing else may move.
    expect({ ...after, admin_sessions: 0 }).toEqual({ ...before, admin_sessions: 0 });
    expect(after.admin_sessions).toBeLessThanOrEqual(before.admin_sessions!);
  }, 120_000);

  it("answers an admin past two-factor (the refusals above are not the only answer there is)", async () => {
    const admin = await createTestAdmin(db.prisma);
    const headers = await adminSessionHeaders(db.prisma, admin.id);
    expect(await call("admin.me", "query", headers)).toEqual({ status: 200, code: undefined });
    // Without the site's Origin, a cookie-borne admin mutation is refused by the CSRF check.
    const forged = await fetch(`${app.origin}/api/trpc/admin.sessions.revokeOthers`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example", ...headers },
      body: JSON.stringify({ json: {} }),
    });
    expect(forged.status).toBe(403);
    expect(await db.prisma.adminSession.count({ where: { adminId: admin.id } })).toBe(1);
  });
});
