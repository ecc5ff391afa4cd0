import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import type { z } from "zod";
import type { Prisma } from "../../platform/db/postgres.ts";
import { ConflictError, InvalidError, NotFoundError, UnauthenticatedError } from "../../platform/errors.ts";
import type { Context } from "../../trpc/context.ts";
import type { Auth } from "../auth/lucia.ts";
import { guardAuthRequest } from "../auth/request-guard.ts";
import { setSignInCookies } from "../auth/requests.ts";
import { accountLockError, openSession, type ClientInfo } from "../auth/service.ts";
import { recordSecurityEvent } from "../security/service.ts";
import { recordThrottledSecurityEvent, type SecurityEventThrottle } from "../security/throttle.ts";
import type { ChallengeStore } from "./challenge-store.ts";
import { canManagePasskey } from "./policies.ts";
import { relyingParty, type RelyingParty } from "./relying-party.ts";
import type { authenticationResponseSchema, registrationResponseSchema } from "./schemas.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/** More than anyone needs (a phone, a laptop, a few security keys), few enough to list. */
export const MAX_PASSKEYS = 20;

export interface PasskeyDeps {
  prisma: Prisma;
  passkeyChallenges: ChallengeStore;
  auth: Auth;
}

/** Passkeys are phishing-resistant only when the authenticator also checks who holds it. */
const USER_VERIFICATION = "required";

const passkeySummary = {
  id: true,
  name: true,
  deviceType: true,
  backedUp: true,
  transports: true,
  createdAt: true,
  lastUsedAt: true,
} as const;

export function listPasskeys(prisma: Prisma, userId: number) {
  return prisma.credential.findMany({ where: { userId }, select: passkeySummary, orderBy: { createdAt: "asc" } });
}

export async function registrationOptions(deps: PasskeyDeps, user: { id: number; username: string }, rp: RelyingParty) {
  const existing = await deps.prisma.credential.findMany({
    where: { userId: user.id },
    select: { credentialId: true, transports: true },
  });
  if (existing.length >= MAX_PASSKEYS) {
    throw new InvalidError(m.error_passkey_tooManyDeleteSome({ max: MAX_PASSKEYS }));
  }
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.username,
    userDisplayName: user.username,
    attestationType: "none",
    // An authenticator that already holds one of this member's passkeys is not offered again.
    excludeCredentials: existing.map((credential) => ({
      id: credential.credentialId,
      transports: credential.transports as AuthenticatorTransport[],
    })),
    // Discoverable, so signing in needs no username (the passkey says whose it is).
    authenticatorSelection: { residentKey: "required", userVerification: USER_VERIFICATION },
  });
  await deps.passkeyChallenges.remember(options.challenge, { kind: "register", userId: user.id });
  return options;
}

export async function registerPasskey(
  deps: PasskeyDeps,
  userId: number,
  rp: RelyingParty,
  input: { name: string; response: z.infer<typeof registrationResponseSchema> },
  client: ClientInfo,
) {
  const response = input.response as RegistrationResponseJSON;
  const failure = m.error_passkey_registrationFailed();
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: async (challenge) => {
        const purpose = await deps.passkeyChallenges.take(challenge);
        return purpose?.kind === "register" && purpose.userId === userId;
      },
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch (error) {
    throw new InvalidError(failure, { cause: error });
  }
  if (!verification.verified) throw new InvalidError(failure);
  const info = verification.registrationInfo;
  if ((await deps.prisma.credential.count({ where: { userId } })) >= MAX_PASSKEYS) {
    throw new InvalidError(m.error_passkey_tooMany({ max: MAX_PASSKEYS }));
  }
  let passkey;
  try {
    passkey = await deps.prisma.credential.create({
      data: {
        userId,
        name: input.name,
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey),
        counter: BigInt(info.credential.counter),
        transports: info.credential.transports ?? response.response.transports ?? [],
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        attestationType: info.fmt,
      },
      select: passkeySummary,
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new ConflictError(m.error_passkey_alreadyRegistered());
    }
    throw error;
  }
  await recordSecurityEvent(deps.prisma, {
    userId,
    eventType: "passkey_added",
    ...client,
    metadata: { passkeyId: passkey.id, name: passkey.name },
  });
  return passkey;
}

const notFound = () => new NotFoundError(m.error_passkey_notFound());

/** One of the member's passkeys (canManagePasskey); another member's is as good as missing. */
async function managedPasskey(prisma: Prisma, userId: number, id: number) {
  const passkey = await prisma.credential.findUnique({ where: { id }, select: { userId: true, name: true } });
  if (!passkey || !canManagePasskey(passkey, userId)) throw notFound();
  return passkey;
}

export async function renamePasskey(prisma: Prisma, userId: number, id: number, name: string) {
  await managedPasskey(prisma, userId, id);
  // Still scoped by owner, and gone meanwhile is not found.
  const { count } = await prisma.credential.updateMany({ where: { id, userId }, data: { name } });
  if (count === 0) throw notFound();
  return { id, name };
}

export async function removePasskey(prisma: Prisma, userId: number, id: number, client: ClientInfo) {
  const passkey = await managedPasskey(prisma, userId, id);
  const { count } = await prisma.credential.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound();
  await recordSecurityEvent(prisma, {
    userId,
    eventType: "passkey_removed",
    ...client,
    metadata: { passkeyId: id, name: passkey.name },
  });
  return { id };
}

export async function loginOptions(deps: PasskeyDeps, rp: RelyingParty) {
  // No allowCredentials: the browser offers every passkey it holds for this site.
  const options = await generateAuthenticationOptions({ rpID: rp.id, userVerification: USER_VERIFICATION });
  await deps.passkeyChallenges.remember(options.challenge, { kind: "login" });
  return options;
}

/**
 * Signs in with a passkey. A passkey is possession plus the authenticator's own PIN or
 * biometric, so the session needs no TOTP code after it. A temporary lock after failed
 * password attempts does not stop it (it cannot be guessed), an admin lock does.
 */
export async function loginWithPasskey(
  /** securityThrottle bounds the login_failed rows anonymous callers can make write. */
  deps: PasskeyDeps & { securityThrottle: SecurityEventThrottle },
  rp: RelyingParty,
  input: z.infer<typeof authenticationResponseSchema>,
  client: ClientInfo,
) {
  const response = input as AuthenticationResponseJSON;
  const unknown = m.error_passkey_unknown();
  const passkey = await deps.prisma.credential.findUnique({ where: { credentialId: response.id }, include: { user: true } });
  if (!passkey) throw new UnauthenticatedError(unknown);
  const invalid = m.error_passkey_invalid();
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: async (challenge) => (await deps.passkeyChallenges.take(challenge))?.kind === "login",
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.counter),
        transports: passkey.transports,
      },
      requireUserVerification: true,
    });
  } catch (error) {
    // Recorded, not counted towards the lock: anyone who knows a credential id could send a bad
    // assertion, and that must not lock its owner out of their password. For the same reason
    // the rows are throttled: a flood must not write one each.
    const event = { userId: passkey.userId, eventType: "login_failed" as const, ...client, metadata: { method: "passkey", passkeyId: passkey.id } };
    await recordThrottledSecurityEvent(deps.prisma, deps.securityThrottle, event);
    throw new UnauthenticatedError(invalid, { cause: error });
  }
  if (!verification.verified) throw new UnauthenticatedError(invalid);
  const locked = accountLockError(passkey.user);
  if (locked) throw locked;
  // The library refused a counter that did not grow; this guard also refuses two concurrent
  // sign-ins with one assertion, since only one of them finds the old counter.
  const { newCounter } = verification.authenticationInfo;
  const { count } = await deps.prisma.credential.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: {
      counter: BigInt(newCounter),
      lastUsedAt: new Date(),
      backedUp: verification.authenticationInfo.credentialBackedUp,
    },
  });
  if (count === 0) throw new UnauthenticatedError(invalid);
  await recordSecurityEvent(deps.prisma, {
    userId: passkey.userId,
    eventType: "login",
    ...client,
    metadata: { method: "passkey", passkeyId: passkey.id },
  });
  const session = await openSession(deps, passkey.user, client, true);
  return { user: passkey.user, session };
}

/* The procedures' calls: the relying party of this request, the request guard, the cookies. */

type PasskeyRequest = Pick<Context, "prisma" | "passkeyChallenges" | "auth" | "publicOrigin">;

const relyingPartyOf = (ctx: PasskeyRequest) => relyingParty(ctx.publicOrigin);

/** `auth.passkey.loginOptions`: rate-limited per IP, since every answer keeps a challenge server-side. */
export async function passkeyLoginOptions(ctx: Context) {
  await guardAuthRequest(ctx, "passkeyOptions", {});
  return loginOptions(ctx, relyingPartyOf(ctx));
}

/** `auth.passkey.loginVerify`: rate limit and device ban (no CAPTCHA, which a passkey makes pointless), then the sign-in. */
export async function signInWithPasskey(ctx: Context, response: z.infer<typeof authenticationResponseSchema>) {
  const client = await guardAuthRequest(ctx, "passkeyLogin", {});
  const { user, session } = await loginWithPasskey(ctx, relyingPartyOf(ctx), response, client);
  setSignInCookies(ctx, session, user.id);
  return { id: user.id, username: user.username };
}

/** `user.passkeys.registerOptions`. */
export function newPasskeyOptions(ctx: PasskeyRequest, user: { id: number; username: string }) {
  return registrationOptions(ctx, user, relyingPartyOf(ctx));
}

/** `user.passkeys.registerVerify`. */
export function addPasskey(
  ctx: PasskeyRequest & Pick<Context, "client">,
  userId: number,
  input: { name: string; response: z.infer<typeof registrationResponseSchema> },
) {
  return registerPasskey(ctx, userId, relyingPartyOf(ctx), input, ctx.client);
}
