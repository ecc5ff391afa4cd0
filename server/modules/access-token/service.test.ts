import { describe, expect, it } from "vitest";
import { forumFixtures } from "../../testing/forum.ts";
import { requestTestbed } from "../../testing/request-caller.ts";


const testbed = requestTestbed();

async function member() {
  const user = await forumFixtures(testbed.prisma).user();
  return { user, caller: await testbed.callers.asSession(user.id) };
}

const bearer = (token: string) => testbed.callers.call({ authorization: `Bearer ${token}` });

describe("personal access tokens", () => {
  it("shows a new token once, stores only its hash and lists it without the secret", async () => {
    const { user, caller } = await member();
    const created = await caller.user.accessTokens.create({ name: "Skrip backup", expiresInDays: 30 });
    expect(created.token).toMatch(/^aleph_pat_[A-Za-z0-9_-]{43}$/);
    expect(created.tokenPrefix).toBe(created.token.slice(0, 16));
    expect(created.expiresAt!.getTime() - created.createdAt.getTime()).toBeCloseTo(30 * 86_400_000, -4);
    const stored = await testbed.prisma.personalAccessToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(stored)).not.toContain(created.token);

    const list = await caller.user.accessTokens.list();
    expect(list).toEqual([
      {
        id: created.id,
        name: "Skrip backup",
        tokenPrefix: created.tokenPrefix,
        createdAt: created.createdAt,
        lastUsedAt: null,
        lastUsedIp: null,
        expiresAt: created.expiresAt,
        // Not told otherwise: what tokens made before scopes keep.
        scopes: ["read", "content:write"],
        callsLastDay: 0,
      },
    ]);
    expect(JSON.stringify(list)).not.toContain(created.token);

    // The token acts as its owner and its last use shows in the list.
    expect(await (await bearer(created.token)).auth.me()).toMatchObject({ id: user.id });
    expect((await caller.user.accessTokens.list())[0]).toMatchObject({ lastUsedAt: expect.any(Date), lastUsedIp: "127.0.0.1", callsLastDay: 1 });
    expect(await testbed.prisma.securityEvent.count({ where: { userId: user.id, eventType: "access_token_created" } })).toBe(1);
  });

  it("refuses a revoked token on its very next request", async () => {
    const { user, caller } = await member();
    const { id, token } = await caller.user.accessTokens.create({ name: "CI", expiresInDays: null });
    expect(await (await bearer(token)).auth.me()).toMatchObject({ id: user.id });
    await caller.user.accessTokens.revoke({ id });
    const program = await bearer(token);
    // Refused outright, public procedures too: a program learns its token is dead, not that it is anonymous.
    await expect(program.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: expect.stringMatching(/dicabut/) });
    await expect(program.category.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(program.user.passkeys.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await caller.user.accessTokens.list()).toEqual([]);
    await expect(caller.user.accessTokens.revoke({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await testbed.prisma.securityEvent.count({ where: { userId: user.id, eventType: "access_token_revoked" } })).toBe(1);
  });

  it("refuses an expired token", async () => {
    const { caller } = await member();
    const { id, token } = await caller.user.accessTokens.create({ name: "Lama", expiresInDays: 7 });
    await testbed.prisma.personalAccessToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect((await bearer(token)).auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: expect.stringMatching(/kedaluwarsa/) });
  });

  it("can never manage tokens, passkeys, two-factor or sessions", async () => {
    const { caller } = await member();
    const { id, token } = await caller.user.accessTokens.create({ name: "Program" });
    const program = await bearer(token);
    const attempts = [
      () => program.user.accessTokens.list(),
      () => program.user.accessTokens.create({ name: "Turunan" }),
      () => program.user.accessTokens.revoke({ id }),
      () => program.user.passkeys.list(),
      () => program.user.passkeys.registerOptions(),
      () => program.user.twoFactor.beginSetup(),
      () => program.user.sessions.list(),
      () => program.user.sessions.revokeOthers(),
    ];
    for (const attempt of attempts) {
      await expect(attempt()).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/Token akses/) });
    }
  });

  it("keeps each member's tokens their own", async () => {
    const alice = await member();
    const bob = await member();
    const { id, token } = await alice.caller.user.accessTokens.create({ name: "Milik Alice" });
    expect(await bob.caller.user.accessTokens.list()).toEqual([]);
    await expect(bob.caller.user.accessTokens.revoke({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await (await bearer(token)).auth.me()).toMatchObject({ id: alice.user.id });
  });

  it("answers malformed input with BAD_REQUEST and a message", async () => {
    const { caller } = await member();
    const cases = [
      () => caller.user.accessTokens.create({ name: "" }),
      () => caller.user.accessTokens.create({ name: "x".repeat(65) }),
      () => caller.user.accessTokens.create({ name: "ok", expiresInDays: 12 as never }),
      () => caller.user.accessTokens.revoke({ id: 0 }),
      () => caller.user.accessTokens.revoke({ id: 99_999_999_999 }),
      () => caller.user.accessTokens.revoke({} as never),
    ];
    for (const call of cases) {
      await expect(call()).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/\S/) });
    }
  });
});
