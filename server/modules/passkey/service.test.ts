import { describe, expect, it } from "vitest";
import { forumFixtures } from "../../testing/forum.ts";
import { requestCallers, requestTestbed, sessionCookieFrom, TEST_ORIGIN } from "../../testing/request-caller.ts";
import { softwareAuthenticator } from "../../testing/webauthn-authenticator.ts";

const RP_ID = new URL(TEST_ORIGIN).hostname;


const testbed = requestTestbed();

/** A member with a session and one passkey added through the procedures. */
async function memberWithPasskey(name = "Laptop") {
  const user = await forumFixtures(testbed.prisma).user();
  const caller = await testbed.callers.asSession(user.id);
  const authenticator = softwareAuthenticator();
  const options = await caller.user.passkeys.registerOptions();
  const passkey = await caller.user.passkeys.registerVerify({
    name,
    response: authenticator.register({ challenge: options.challenge, rpId: RP_ID, origin: TEST_ORIGIN }),
  });
  return { user, caller, authenticator, passkey };
}

async function loginChallenge() {
  return (await (await testbed.callers.call()).auth.passkey.loginOptions()).challenge;
}

describe("passkeys", () => {
  it("adds named passkeys, lists them and records the event", async () => {
    const { user, caller, passkey } = await memberWithPasskey("Laptop kantor");
    expect(passkey).toMatchObject({ name: "Laptop kantor", transports: ["internal"] });
    const second = softwareAuthenticator();
    const options = await caller.user.passkeys.registerOptions();
    expect(options.rp.id).toBe(RP_ID);
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(options.excludeCredentials).toHaveLength(1);
    await caller.user.passkeys.registerVerify({
      name: "Ponsel",
      response: second.register({ challenge: options.challenge, rpId: RP_ID, origin: TEST_ORIGIN }),
    });
    expect((await caller.user.passkeys.list()).map((p) => p.name)).toEqual(["Laptop kantor", "Ponsel"]);
    const events = await testbed.prisma.securityEvent.findMany({ where: { userId: user.id, eventType: "passkey_added" } });
    expect(events).toHaveLength(2);
  });

  it("signs in without a username, checks the counter and records a passkey login", async () => {
    const { user, authenticator, passkey } = await memberWithPasskey();
    const cookies: string[] = [];
    const anonymous = await testbed.callers.call({}, cookies);
    const challenge = await loginChallenge();
    const result = await anonymous.auth.passkey.loginVerify({
      response: authenticator.authenticate({ challenge, rpId: RP_ID, origin: TEST_ORIGIN }),
    });
    expect(result).toMatchObject({ id: user.id, username: user.username });
    const signedIn = await testbed.callers.call(sessionCookieFrom(cookies));
    expect(await signedIn.auth.me()).toMatchObject({ id: user.id });
    // Past any second factor: protected procedures answer.
    expect(await signedIn.user.passkeys.list()).toHaveLength(1);

    const stored = await testbed.prisma.credential.findUniqueOrThrow({ where: { id: passkey.id } });
    expect(stored.counter).toBe(1n);
    expect(stored.lastUsedAt).not.toBeNull();
    const login = await testbed.prisma.securityEvent.findFirst({ where: { userId: user.id, eventType: "login" } });
    expect(login?.metadata).toMatchObject({ method: "passkey", passkeyId: passkey.id });

    // An assertion whose counter did not grow (a cloned authenticator) is refused.
    const replay = authenticator.authenticate(
      { challenge: await loginChallenge(), rpId: RP_ID, origin: TEST_ORIGIN },
      { keepCounter: true },
    );
    await expect(anonymous.auth.passkey.loginVerify({ response: replay })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("refuses an assertion for another origin or relying party", async () => {
    const { authenticator } = await memberWithPasskey();
    const cookies: string[] = [];
    const anonymous = await testbed.callers.call({}, cookies);
    const wrongOrigin = authenticator.authenticate({ challenge: await loginChallenge(), rpId: RP_ID, origin: "https://evil.example" });
    await expect(anonymous.auth.passkey.loginVerify({ response: wrongOrigin })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringMatching(/tidak dapat diverifikasi/),
    });
    const wrongRp = authenticator.authenticate({ challenge: await loginChallenge(), rpId: "evil.example", origin: TEST_ORIGIN });
    await expect(anonymous.auth.passkey.loginVerify({ response: wrongRp })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(cookies).toEqual([]);
  });

  it("refuses a challenge it never issued, and each challenge works only once", async () => {
    const { authenticator } = await memberWithPasskey();
    const anonymous = await testbed.callers.call();
    const forged = authenticator.authenticate({ challenge: "bm90LWlzc3VlZC1ieS10aGUtc2VydmVy", rpId: RP_ID, origin: TEST_ORIGIN });
    await expect(anonymous.auth.passkey.loginVerify({ response: forged })).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    const challenge = await loginChallenge();
    await anonymous.auth.passkey.loginVerify({
      response: authenticator.authenticate({ challenge, rpId: RP_ID, origin: TEST_ORIGIN }),
    });
    const again = authenticator.authenticate({ challenge, rpId: RP_ID, origin: TEST_ORIGIN });
    await expect(anonymous.auth.passkey.loginVerify({ response: again })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("records a bounded number of failed passkey sign-ins from one anonymous source", async () => {
    const { user, authenticator } = await memberWithPasskey();
    // From an address of its own, and under its rate limit: the rows must be bounded before it.
    const anonymous = await testbed.callers.call({}, undefined, { ip: "192.0.2.177" });
    const forged = authenticator.authenticate({ challenge: "bm90LWlzc3VlZC1ieS10aGUtc2VydmVy", rpId: RP_ID, origin: TEST_ORIGIN });
    const answers = await Promise.allSettled(Array.from({ length: 25 }, () => anonymous.auth.passkey.loginVerify({ response: forged })));
    expect(answers.every((answer) => answer.status === "rejected" && (answer.reason as { code: string }).code === "UNAUTHORIZED")).toBe(true);
    const rows = await testbed.prisma.securityEvent.count({ where: { userId: user.id, eventType: "login_failed" } });
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(10);
  });

  it("refuses a registration for another origin, a reused challenge or a login challenge", async () => {
    const user = await forumFixtures(testbed.prisma).user();
    const caller = await testbed.callers.asSession(user.id);
    const authenticator = softwareAuthenticator();
    const { challenge } = await caller.user.passkeys.registerOptions();
    await expect(
      caller.user.passkeys.registerVerify({
        name: "Palsu",
        response: authenticator.register({ challenge, rpId: RP_ID, origin: "https://evil.example" }),
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const fromLogin = await loginChallenge();
    await expect(
      caller.user.passkeys.registerVerify({
        name: "Palsu",
        response: authenticator.register({ challenge: fromLogin, rpId: RP_ID, origin: TEST_ORIGIN }),
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // The first, refused attempt used the challenge up.
    await expect(
      caller.user.passkeys.registerVerify({
        name: "Palsu",
        response: authenticator.register({ challenge, rpId: RP_ID, origin: TEST_ORIGIN }),
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await caller.user.passkeys.list()).toEqual([]);
  });

  it("does not let one member's challenge add a passkey to another", async () => {
    const [alice, bob] = [await forumFixtures(testbed.prisma).user(), await forumFixtures(testbed.prisma).user()];
    const { challenge } = await (await testbed.callers.asSession(alice.id)).user.passkeys.registerOptions();
    const bobCaller = await testbed.callers.asSession(bob.id);
    await expect(
      bobCaller.user.passkeys.registerVerify({
        name: "Curian",
        response: softwareAuthenticator().register({ challenge, rpId: RP_ID, origin: TEST_ORIGIN }),
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("renames and removes a passkey, which then no longer signs in", async () => {
    const { user, caller, authenticator, passkey } = await memberWithPasskey();
    expect(await caller.user.passkeys.rename({ id: passkey.id, name: "  Kunci USB  " })).toEqual({ id: passkey.id, name: "Kunci USB" });
    await caller.user.passkeys.remove({ id: passkey.id });
    expect(await caller.user.passkeys.list()).toEqual([]);
    expect(await testbed.prisma.securityEvent.count({ where: { userId: user.id, eventType: "passkey_removed" } })).toBe(1);
    const response = authenticator.authenticate({ challenge: await loginChallenge(), rpId: RP_ID, origin: TEST_ORIGIN });
    await expect((await testbed.callers.call()).auth.passkey.loginVerify({ response })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringMatching(/tidak terdaftar/),
    });
  });

  it("keeps each member's passkeys their own", async () => {
    const { caller: owner, passkey } = await memberWithPasskey("Milik Alice");
    const intruder = await testbed.callers.asSession((await forumFixtures(testbed.prisma).user()).id);
    expect(await intruder.user.passkeys.list()).toEqual([]);
    await expect(intruder.user.passkeys.rename({ id: passkey.id, name: "Diambil" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(intruder.user.passkeys.remove({ id: passkey.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await owner.user.passkeys.list()).toMatchObject([{ id: passkey.id, name: "Milik Alice" }]);
  });

  it("is managed from a browser session only, never anonymously or with a pending second factor", async () => {
    const user = await forumFixtures(testbed.prisma).user();
    await expect((await testbed.callers.call()).user.passkeys.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect((await testbed.callers.asSession(user.id, false)).user.passkeys.registerOptions()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("answers malformed input with BAD_REQUEST and a message", async () => {
    const caller = await testbed.callers.asSession((await forumFixtures(testbed.prisma).user()).id);
    const cases = [
      () => caller.user.passkeys.rename({ id: -1, name: "x" }),
      () => caller.user.passkeys.rename({ id: 1, name: "   " }),
      () => caller.user.passkeys.rename({ id: 1, name: "x".repeat(65) }),
      () => caller.user.passkeys.remove({ id: "1" as unknown as number }),
      () => caller.user.passkeys.registerVerify({ name: "x", response: {} as never }),
      () =>
        caller.user.passkeys.registerVerify({
          name: "x",
          response: { id: "a+b", rawId: "a", type: "public-key", response: { clientDataJSON: "", attestationObject: "" } } as never,
        }),
      async () => (await testbed.callers.call()).auth.passkey.loginVerify({ response: { id: "x" } as never }),
      async () => (await testbed.callers.call()).auth.passkey.loginVerify(null as never),
    ];
    for (const call of cases) {
      await expect(call()).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/\S/) });
    }
  });

  it("takes the relying party from APP_URL when it is set", async () => {
    const configured = requestCallers(testbed.prisma, { APP_URL: "https://forum.example" });
    const options = await (await configured.call({ host: "internal:3000" })).auth.passkey.loginOptions();
    expect(options.rpId).toBe("forum.example");
  });
});
