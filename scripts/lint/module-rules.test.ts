import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The repository's own eslint.config.js, applied to snippets as if they sat at `filePath`, so the
// test covers the rules and which files they apply to.
const eslint = new ESLint({ cwd: new URL("../..", import.meta.url).pathname });

async function rulesFired(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe("module contract lint rules", () => {
  it("refuses another module's router or model, and allows the module's own", async () => {
    expect(await rulesFired(`export { threadRouter } from "../thread/router.ts";\n`, "server/modules/reply/service.ts")).toEqual([
      "alephdraad/module-boundaries",
    ]);
    expect(await rulesFired(`export { ReplyModel } from "../reply/reply.model.ts";\n`, "server/modules/profile/service.ts")).toEqual([
      "alephdraad/module-boundaries",
    ]);
    expect(await rulesFired(`export { ReplyModel } from "../modules/reply/reply.model.ts";\n`, "server/http/app.ts")).toEqual([
      "alephdraad/module-boundaries",
    ]);
    expect(await rulesFired(`export { ReplyModel } from "./reply/reply.model.ts";\n`, "server/modules/jobs.ts")).toEqual([
      "alephdraad/module-boundaries",
    ]);
    expect(await rulesFired(`export { ReplyModel } from "./reply.model.ts";\n`, "server/modules/reply/service.ts")).toEqual([]);
    expect(await rulesFired(`export type { ChatServiceType } from "../chat.model.ts";\n`, "server/modules/chat/providers/x.ts")).toEqual([]);
    expect(await rulesFired(`export { listThreads } from "../thread/service.ts";\n`, "server/modules/reply/service.ts")).toEqual([]);
    // The two registries, and tests, are exempt.
    expect(await rulesFired(`export { ReplyModel } from "./reply/reply.model.ts";\n`, "server/modules/mongo-models.ts")).toEqual([]);
    expect(await rulesFired(`export { threadRouter } from "../modules/thread/router.ts";\n`, "server/trpc/root.ts")).toEqual([]);
    expect(await rulesFired(`export { ReplyModel } from "../reply/reply.model.ts";\n`, "server/modules/profile/x.test.ts")).toEqual([]);
  });

  it("refuses TRPCError outside server/trpc/ and routers", async () => {
    const snippet = `import { TRPCError } from "@trpc/server";\nexport const refusal = new TRPCError({ code: "NOT_FOUND" });\n`;
    expect(await rulesFired(snippet, "server/modules/reply/service.ts")).toEqual(["alephdraad/no-trpc-error"]);
    expect(await rulesFired(snippet, "server/platform/cache.ts")).toEqual(["alephdraad/no-trpc-error"]);
    expect(await rulesFired(snippet, "server/modules/reply/router.ts")).toEqual([]);
    expect(await rulesFired(snippet, "server/trpc/errors.ts")).toEqual([]);
  });

  it("keeps shared/ free of Node, the server and the interface", async () => {
    for (const source of ["node:crypto", "fs", "../server/platform/env.ts", "../app/lib/i18n.ts", "mongoose", "@prisma/client", "express"]) {
      expect(await rulesFired(`export * from "${source}";\n`, "shared/x.ts"), source).toEqual(["no-restricted-imports"]);
    }
    expect(await rulesFired(`export const port = process.env.PORT;\n`, "shared/x.ts")).toEqual(["no-restricted-globals"]);
    expect(await rulesFired(`export { safeUrl } from "./safe-url.ts";\n`, "shared/x.ts")).toEqual([]);
  });

  it("keeps app/ to types from server/, and server/ out of app/", async () => {
    expect(await rulesFired(`export { safeUrl } from "../../server/modules/x/y.ts";\n`, "app/components/x.tsx")).toEqual([
      "@typescript-eslint/no-restricted-imports",
    ]);
    expect(await rulesFired(`export type { AppRouter } from "../../server/trpc/root.ts";\n`, "app/lib/x.ts")).toEqual([]);
    expect(await rulesFired(`export { walletMessages } from "../../app/lib/x.ts";\n`, "server/http/x.ts")).toEqual([
      "@typescript-eslint/no-restricted-imports",
    ]);
    expect(await rulesFired(`export { walletMessages } from "../../shared/i18n-wallet.ts";\n`, "server/http/x.ts")).toEqual([]);
  });
});
