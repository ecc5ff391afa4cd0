import { router } from "../../trpc/init.ts";
import { accessTokensRouter } from "../access-token/router.ts";
import { passkeysRouter } from "../passkey/router.ts";
import { publicProfileProcedure } from "../profile/router.ts";
import { twoFactorRouter } from "../two-factor/router.ts";
import { accountProcedures } from "./account-router.ts";

/** The `user` namespace: the member's own account, plus whatever other user procedures add. */
export const userRouter = router({
  ...accountProcedures,
  /** Anyone's public profile by username: threads, reply count, join date, badges. */
  publicProfile: publicProfileProcedure,
  passkeys: passkeysRouter,
  twoFactor: twoFactorRouter,
  accessTokens: accessTokensRouter,
});
