import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../app-services.ts";
import { ACCESS_TOKEN_PREFIX, hashToken } from "../modules/access-token/service.ts";
import { parseEnv } from "../platform/env.ts";
import { createLogger } from "../platform/logger.ts";
import { createMetrics } from "../platform/metrics.ts";
import { createForumTestDatabase, forumFixtures } from "../testing/forum.ts";
import { createContext, type RequestMeta } from "./context.ts";
import { createCaller } from "./root.ts";

let db: Awaited<ReturnType<typeof createForumTestDatabase>>;
let platform: Runtime;
let userId: number;

beforeAll(async () => {
  db = await createForumTestDatabase();
  platform = createRuntime({
    env: parseEnv({ NODE_ENV: "test" }),
    logger: createLogger({ level: "silent" }),
    metrics: createMetrics(),
    prisma: db.prisma,
    redis: null,
  });
  userId = (await forumFixtures(db.prisma).user({ username: "tamu" })).id;
});
afterAll(async () => {
  await db?.close();
});

function request(headers: Record<string, string>): RequestMeta & { cookies: string[] } {
  const cookies: string[] = [];
  return { headers: new Headers(headers), ip: "127.0.0.1", requestId: "t", setCookie: (c) => cookies.push(c), cookies };
}

const auth = () => platform.auth;
const attributes = { deviceFingerprint: null, ipAddress: null, userAgent: null, twoFactorVerified: true };

describe("createContext", () => {
  it("is anonymous without credentials", async () => {
    const context = await createContext(platform, request({}));
    expect(context.user).toBeNull();
    expect(await createCaller(context).auth.me()).toBeNull();
  });

  it("recognises a session cookie, and refuses it once revoked", async () => {
    const session = await auth().createSession(userId, attributes);
    const cookie = `${auth().sessionCookieName}=${session.id}`;
    const signedIn = await createContext(platform, request({ cookie }));
    expect(signedIn).toMatchObject({ user: { id: userId, username: "tamu" }, authMethod: "session" });

    await auth().invalidateSession(session.id);
    const revoked = request({ cookie });
    const context = await createContext(platform, revoked);
    expect(context.user).toBeNull();
    // The dead cookie is cleared.
    expect(revoked.cookies[0]).toMatch(new RegExp(`^${auth().sessionCookieName}=; `));
  });

  it("keeps a session waiting for its second factor out of protected procedures", async () => {
    const session = await auth().createSession(userId, { ...attributes, twoFactorVerified: false });
    const context = await createContext(platform, request({ cookie: `${auth().sessionCookieName}=${session.id}` }));
    await expect(createCaller(context).user.sessions.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    // Signing out stays possible, so the login can be abandoned at its second step.
    await expect(createCaller(context).auth.logout()).resolves.toEqual({ ok: true });
  });

  it("authenticates a live personal access token and refuses a revoked or expired one", async () => {
    const token = `${ACCESS_TOKEN_PREFIX}context-test-token`;
    const record = await db.prisma.personalAccessToken.create({
      data: { userId, name: "ci", tokenHash: hashToken(token), tokenPrefix: token.slice(0, 14) },
    });
    const bearer = { authorization: `Bearer ${token}` };
    expect(await createContext(platform, request(bearer))).toMatchObject({ user: { id: userId }, authMethod: "token" });

    await db.prisma.personalAccessToken.update({ where: { id: record.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    // Not signed in, and every procedure answers with why (UNAUTHORIZED): never a silent anonymous request.
    expect(await createContext(platform, request(bearer))).toMatchObject({
      user: null,
      authMethod: null,
      tokenRefusal: { kind: "unauthenticated", message: expect.stringMatching(/kedaluwarsa/) },
    });
    await db.prisma.personalAccessToken.update({ where: { id: record.id }, data: { expiresAt: null, revokedAt: new Date() } });
    expect(await createContext(platform, request(bearer))).toMatchObject({
      user: null,
      tokenRefusal: { kind: "unauthenticated", message: expect.stringMatching(/dicabut/) },
    });
  });
});
