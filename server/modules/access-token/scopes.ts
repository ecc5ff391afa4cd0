import { ACCESS_SCOPES, DEFAULT_ACCESS_SCOPES, type AccessScope } from "../../../shared/access-scopes.ts";
import { ForbiddenError, type DomainError } from "../../platform/errors.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

/*
 * What a personal access token may do: the scopes a member ticks when creating it, and the ONE
 * table saying which scopes each procedure needs (keyed by tRPC path, so router files stay
 * untouched). Enforced for token callers only, by publicProcedure's middleware (server/trpc/init.ts)
 * and by the HTTP routes beside tRPC; a browser session is never asked. A procedure missing here
 * is refused to every token (scopes.test.ts walks the whole router, so it cannot stay missing).
 */

export { ACCESS_SCOPES, DEFAULT_ACCESS_SCOPES, type AccessScope };

/** Each scope in a few words, for the refusal message (in the request's language). */
const SCOPE_WHAT: Record<AccessScope, () => string> = {
  read: m.error_accessToken_scope_read,
  "content:write": m.error_accessToken_scope_contentWrite,
  "reactions:write": m.error_accessToken_scope_reactionsWrite,
  chat: m.error_accessToken_scope_chat,
  "wallet:read": m.error_accessToken_scope_walletRead,
  "wallet:spend": m.error_accessToken_scope_walletSpend,
  payments: m.error_accessToken_scope_payments,
};

/**
 * The scopes a token needs for each procedure (all of them), or null: never with a token (signing
 * in, sign-up, Web Push of a browser): a program already holds its credential.
 * Procedures built on sessionProcedure or adminProcedure are absent: those builders refuse every
 * token themselves (ProcedureMeta.sessionOnly / staffOnly).
 */
export const PROCEDURE_SCOPES: Readonly<Record<string, readonly AccessScope[] | null>> = {
  // Signing in, up and out, the mailed links, CAPTCHA: the browser's flows.
  "auth.me": ["read"],
  "auth.register": null,
  "auth.login": null,
  "auth.logout": null,
  "auth.captchaChallenge": null,
  "auth.verifyEmail": null,
  "auth.resendVerification": null,
  "auth.requestPasswordReset": null,
  "auth.resetPassword": null,
  "auth.devMailbox": null,
  "auth.passkey.loginOptions": null,
  "auth.passkey.loginVerify": null,
  "auth.twoFactor.pending": null,
  "auth.twoFactor.verify": null,
  "admin.auth.status": null,
  "admin.auth.setupState": null,
  "admin.auth.beginSetup": null,
  "admin.auth.setup": null,
  "admin.auth.signIn": null,
  "admin.auth.verifyTotp": null,
  "admin.auth.signOut": null,

  "user.profile": ["read"],
  "user.updateProfile": ["content:write"],
  "user.setLocale": ["content:write"],
  "user.suggest": ["read"],
  "user.badges": ["read"],
  "user.setPrimaryBadge": ["content:write"],
  "user.publicProfile": ["read"],

  // Webhook endpoints: a token may read them and their logs; creating or changing one (a standing
  // channel out of the account, with its own secret) is done in the browser, like tokens.
  "webhook.events": ["read"],
  "webhook.list": ["read"],
  "webhook.deliveries": ["read"],
  "webhook.create": null,
  "webhook.update": null,
  "webhook.delete": null,
  "webhook.rotateSecret": null,
  "webhook.redeliver": null,
  "user.securityEvents": ["read"],

  "category.list": ["read"],
  "category.bySlug": ["read"],
  "thread.list": ["read"],
  "thread.byId": ["read"],
  "thread.search": ["read"],
  "thread.create": ["content:write"],
  "thread.update": ["content:write"],
  "thread.delete": ["content:write"],
  "reply.listByThread": ["read"],
  "reply.create": ["content:write"],
  "reply.update": ["content:write"],
  "reply.delete": ["content:write"],
  "reaction.summary": ["read"],
  "reaction.toggle": ["reactions:write"],

  // Aleph's conversations are their own scope; an answer costs wallet tokens, so asking needs spend too.
  "chat.overview": ["chat"],
  "chat.listSessions": ["chat"],
  "chat.getSession": ["chat"],
  "chat.createSession": ["chat"],
  "chat.renameSession": ["chat"],
  "chat.deleteSession": ["chat"],
  "chat.send": ["chat", "wallet:spend"],
  "chat.sendStream": ["chat", "wallet:spend"],

  "wallet.get": ["wallet:read"],
  "wallet.packages": ["wallet:read"],
  "wallet.history": ["wallet:read"],
  "wallet.transaction": ["wallet:read"],
  "wallet.ledgerCheck": ["wallet:read"],
  // Rupiah balance into tokens.
  "wallet.buyPackage": ["wallet:spend"],
  "payment.availability": ["payments"],
  "payment.create": ["payments"],
  "payment.list": ["payments"],
  "payment.get": ["payments"],

  "notification.list": ["read"],
  "notification.unreadCount": ["read"],
  "notification.markRead": ["content:write"],
  "notification.markAllRead": ["content:write"],
  "notification.preferences": ["read"],
  "notification.setPreference": ["content:write"],
  "notification.threadLevel": ["read"],
  "notification.setThreadLevel": ["content:write"],
  "block.list": ["read"],
  "block.status": ["read"],
  "block.add": ["content:write"],
  "block.remove": ["content:write"],
  // A browser's push subscription; a program has no service worker.
  "push.vapidPublicKey": null,
  "push.subscribe": null,
  "push.unsubscribe": null,
  "push.status": null,

  "document.list": ["read"],
  "document.get": ["read"],
  "document.quota": ["read"],
  "document.update": ["content:write"],
  "document.share": ["content:write"],
  "document.unshare": ["content:write"],
  "document.delete": ["content:write"],
  "moderation.report": ["content:write"],
  "moderation.myReports": ["read"],
  "moderation.myWarnings": ["read"],
};

/** What a request's context says about the token it came with. */
export interface TokenAccess {
  authMethod: "session" | "token" | null;
  /** The scopes of the token the request authenticated with (authMethod "token"). */
  accessToken: { id: number; scopes: readonly string[] } | null;
  /** Why the bearer token sent is refused (unknown, revoked, expired, over its rate limit). */
  tokenRefusal: DomainError | null;
}

/**
 * Refuses a token caller that lacks one of `needed` (FORBIDDEN naming the first missing scope),
 * or any bearer that was refused; sessions and anonymous callers pass. `needed` null: never a token.
 */
export function requireTokenScopes(ctx: TokenAccess, needed: readonly AccessScope[] | null | undefined, what: string = m.error_accessToken_what_this()): void {
  if (ctx.tokenRefusal) throw ctx.tokenRefusal;
  if (ctx.authMethod !== "token") return;
  if (needed === undefined) throw new ForbiddenError(m.error_accessToken_notAllowedFor({ what }));
  if (needed === null) throw new ForbiddenError(m.error_accessToken_neverHere());
  const held = ctx.accessToken?.scopes ?? [];
  const missing = needed.find((scope) => !held.includes(scope));
  if (missing) {
    throw new ForbiddenError(
      m.error_accessToken_missingScope({ scope: missing, what: SCOPE_WHAT[missing]() }),
    );
  }
}

/** The check of one procedure by its path (publicProcedure's middleware). */
export function requireProcedureScopes(ctx: TokenAccess, path: string): void {
  requireTokenScopes(ctx, Object.hasOwn(PROCEDURE_SCOPES, path) ? PROCEDURE_SCOPES[path] : undefined, path);
}
