import { z } from "zod";
import type { Env } from "../../platform/env.ts";

export const tokenPackageSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: z.string().min(1).max(60),
  /** Rupiah. */
  price: z.number().int().min(1_000),
  tokens: z.number().int().min(1),
});
export type TokenPackage = z.infer<typeof tokenPackageSchema>;

export const DEFAULT_TOKEN_PACKAGES: TokenPackage[] = [
  { id: "starter", name: "Starter", price: 50_000, tokens: 10_500 },
  { id: "pro", name: "Pro", price: 100_000, tokens: 22_000 },
  { id: "ultimate", name: "Ultimate", price: 250_000, tokens: 57_500 },
];

const packageListSchema = z
  .array(tokenPackageSchema)
  .min(1)
  .refine((list) => new Set(list.map((p) => p.id)).size === list.length, "package ids must be unique");

const parsed = new Map<string, TokenPackage[]>();

/** The packages on sale: TOKEN_PACKAGES when set (a bad value throws, naming it), else the defaults. */
export function tokenPackages(env: Pick<Env, "TOKEN_PACKAGES">): TokenPackage[] {
  if (!env.TOKEN_PACKAGES) return DEFAULT_TOKEN_PACKAGES;
  let list = parsed.get(env.TOKEN_PACKAGES);
  if (!list) {
    const result = packageListSchema.safeParse(JSON.parse(env.TOKEN_PACKAGES));
    if (!result.success) throw new Error(`TOKEN_PACKAGES is invalid: ${z.prettifyError(result.error)}`);
    list = result.data;
    parsed.set(env.TOKEN_PACKAGES, list);
  }
  return list;
}

export function findTokenPackage(env: Pick<Env, "TOKEN_PACKAGES">, id: string): TokenPackage | undefined {
  return tokenPackages(env).find((p) => p.id === id);
}
