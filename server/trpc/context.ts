import type { Platform } from "../platform/platform.ts";

/** What a procedure knows about the request it serves. */
export interface RequestMeta {
  headers: Headers;
  ip: string | null;
  requestId: string;
}

/** The signed-in user; filled in by the auth module (until then every request is anonymous). */
export interface SessionUser {
  id: number;
  username: string;
}

export interface Context {
  prisma: Platform["prisma"];
  logger: Platform["logger"];
  env: Platform["env"];
  request: RequestMeta;
  user: SessionUser | null;
  isAdmin: boolean;
}

export async function createContext(platform: Platform, request: RequestMeta): Promise<Context> {
  return {
    prisma: platform.prisma,
    logger: platform.logger,
    env: platform.env,
    request,
    user: null,
    isAdmin: false,
  };
}
