import { adminAuthRouter, adminMeProcedure, adminSessionsRouter, staffLogRouter } from "../modules/admin/router.ts";
import { accessTokensRouter } from "../modules/access-token/router.ts";
import { authProcedures } from "../modules/auth/router.ts";
import { badgeAdminRouter, ownBadgeProcedures } from "../modules/badge/router.ts";
import { blockRouter } from "../modules/block/router.ts";
import { categoryAdminRouter, categoryRouter } from "../modules/category/router.ts";
import { documentRouter } from "../modules/document/router.ts";
import { chatRouter } from "../modules/chat/router.ts";
import { dashboardProcedure } from "../modules/dashboard/router.ts";
import { deadLetterRouter } from "../modules/dead-letter/router.ts";
import {
  moderationBansRouter,
  moderationContentRouter,
  moderationMemberProcedures,
  moderationMembersRouter,
  moderationQueueRouter,
} from "../modules/moderation/router.ts";
import { notificationRouter } from "../modules/notification/router.ts";
import { passkeyAuthRouter, passkeysRouter } from "../modules/passkey/router.ts";
import { paymentAdminRouter, paymentRouter } from "../modules/payment/router.ts";
import { pushRouter } from "../modules/push/router.ts";
import { publicProfileProcedure } from "../modules/profile/router.ts";
import { reactionRouter } from "../modules/reaction/router.ts";
import { replyRouter } from "../modules/reply/router.ts";
import { securityEventsProcedure } from "../modules/security/router.ts";
import { threadRouter } from "../modules/thread/router.ts";
import { twoFactorAuthRouter, twoFactorRouter } from "../modules/two-factor/router.ts";
import { accountProcedures, memberSearchProcedure, sessionsRouter } from "../modules/user/router.ts";
import { walletAdminRouter, walletRouter } from "../modules/wallet/router.ts";
import { webhookAdminRouter, webhookRouter } from "../modules/webhook/router.ts";
import { createCallerFactory, router } from "./init.ts";

/**
 * The public API: one namespace per domain (README, "For developers"), every namespace and
 * sub-namespace named here, so the whole API reads from this file. Module routers never mount one another.
 */
export const appRouter = router({
  auth: router({
    ...authProcedures,
    /** Usernameless sign-in with a passkey. */
    passkey: passkeyAuthRouter,
    /** The second step of a password sign-in. */
    twoFactor: twoFactorAuthRouter,
  }),
  user: router({
    /** The member's own account: profile, password; usernames for @mention suggestions. */
    ...accountProcedures,
    /** The member's badges, and which one shows beside their name. */
    ...ownBadgeProcedures,
    /** Anyone's public profile by username: threads, reply count, join date, badges. */
    publicProfile: publicProfileProcedure,
    /** The member's own security history. */
    securityEvents: securityEventsProcedure,
    /** Signed-in devices, passkeys, two-factor and access tokens: browser sessions only. */
    sessions: sessionsRouter,
    passkeys: passkeysRouter,
    twoFactor: twoFactorRouter,
    accessTokens: accessTokensRouter,
  }),
  category: categoryRouter,
  thread: threadRouter,
  reply: replyRouter,
  reaction: reactionRouter,
  chat: chatRouter,
  wallet: walletRouter,
  payment: paymentRouter,
  /** The member's own notifications, their preferences and levels on threads. */
  notification: notificationRouter,
  /** The members the caller blocked: they never notify the caller. */
  block: blockRouter,
  /** Web Push to this browser (the installed app): the VAPID key, subscribe, unsubscribe, status. */
  push: pushRouter,
  /** The member's own uploaded files (uploads and downloads are HTTP: server/http/document-routes.ts). */
  document: documentRouter,
  /** The member's webhook endpoints for their own events, their delivery logs, redelivery. */
  webhook: webhookRouter,
  moderation: router({
    /** Members: report a thread, reply or member; their own reports (with outcomes) and warnings. */
    ...moderationMemberProcedures,
    /** Staff only (adminProcedure): the review queue, hiding content, members' records and actions, device bans. */
    queue: moderationQueueRouter,
    content: moderationContentRouter,
    members: moderationMembersRouter,
    bans: moderationBansRouter,
  }),
  /** The admin area: its own accounts, sign-in and sessions (never a member's), and the staff tools. */
  admin: router({
    /** Setup link, sign-in with password and TOTP, sign-out: the only public part. */
    auth: adminAuthRouter,
    me: adminMeProcedure,
    sessions: adminSessionsRouter,
    /** The staff action log: who did what to which target, before and after. */
    log: staffLogRouter,
    /** The operator's first figures, per day for 30 days. */
    dashboard: dashboardProcedure,
    /** Create, edit, reorder and archive categories. */
    categories: categoryAdminRouter,
    /** Create and edit badges, award and revoke them. */
    badges: badgeAdminRouter,
    /** The member directory: search by username or e-mail prefix, filter locked/unverified. */
    members: router({ search: memberSearchProcedure }),
    /** Wallets with their ledger check, and payment orders: read-only. */
    wallets: walletAdminRouter,
    payments: paymentAdminRouter,
    /** Background jobs out of attempts: retry or discard. */
    jobs: deadLetterRouter,
    /** The forum's webhook endpoints (every forum event) and their delivery logs. */
    webhooks: webhookAdminRouter,
  }),
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);

/** A server-side caller bound to one request's context; what Remix loaders use. */
export type ServerCaller = ReturnType<typeof createCaller>;
