import { builtinModules } from "node:module";
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import regexp from "eslint-plugin-regexp";
import globals from "globals";
import tseslint from "typescript-eslint";
import alephdraad from "./scripts/lint/module-rules.js";

export default tseslint.config(
  {
    ignores: ["build/", "public/build/", "public/sw.js", "public/workbox-v*/", ".cache/", ".data/", "node_modules/", "server/platform/db/generated/", "shared/paraglide/", "test-results/", "playwright-report/", "packages/client/dist/", "packages/client/src/router.generated.ts"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Every regular expression may meet member input: none may backtrack super-linearly
  // (server/http/regex-worst-case.test.ts times each one on its worst input).
  regexp.configs["flat/recommended"],
  {
    rules: {
      "regexp/no-super-linear-backtracking": "error",
      "regexp/no-super-linear-move": "error",
      // Style only: rewriting every [A-Za-z0-9_] as \w would be churn, not safety.
      "regexp/prefer-w": "off",
      "regexp/use-ignore-case": "off",
    },
  },
  {
    // The service worker's sources run in a worker, not a page (Workbox is a global there).
    files: ["app/service-worker/**/*.js", "public/sw-push.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.serviceworker, workbox: "readonly" } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // Business rules never depend on the web framework or the interface (README, "Project layout");
    // only server/http and server/main.ts host Remix and Express.
    files: ["server/modules/**/*.ts", "server/platform/**/*.ts", "server/trpc/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@remix-run/*", "express", "~/*", "**/app/*"], message: "Rules must not import Remix, Express or the interface layer." }] },
      ],
    },
  },
  {
    // A module is used through its service (CONTRIBUTING.md, "The module template"): no file imports
    // another module's router or Mongoose model. server/trpc/root.ts mounts the routers and
    // server/modules/mongo-models.ts registers the collections; tests may reach in.
    files: ["server/**/*.{ts,tsx}", "app/**/*.{ts,tsx}"],
    ignores: ["server/trpc/root.ts", "server/modules/mongo-models.ts", "server/testing/**", "**/*.test.{ts,tsx}"],
    plugins: { alephdraad },
    rules: { "alephdraad/module-boundaries": "error" },
  },
  {
    // Services and platform pieces throw domain errors (server/platform/errors.ts); only the tRPC
    // layer and routers know TRPCError (docs/decisions/0005-domain-errors-one-mapper.md).
    files: ["server/**/*.{ts,tsx}"],
    ignores: ["server/trpc/**", "**/router.ts", "**/*-router.ts", "server/testing/**", "**/*.test.{ts,tsx}"],
    plugins: { alephdraad },
    rules: { "alephdraad/no-trpc-error": "error" },
  },
  {
    // The interface reaches the server through context.trpc (types only from server/), and the
    // HTTP layer does not borrow the interface's code: what both run lives in shared/.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(?:\\.\\./)+server/", allowTypeImports: true, message: "app/ imports only types from server/; code both sides run lives in shared/." }] },
      ],
    },
  },
  {
    files: ["server/**/*.{ts,tsx}"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(?:\\.\\./)+app/", message: "server/ does not import the interface; code both sides run lives in shared/." }] },
      ],
    },
  },
  {
    // shared/ runs in the browser and on the server: plain TypeScript, nothing Node-only, and it
    // depends on neither side.
    files: ["shared/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: builtinModules.map((name) => ({ name, message: "shared/ runs in the browser too: no Node built-ins." })),
          patterns: [
            { group: ["node:*"], message: "shared/ runs in the browser too: no Node built-ins." },
            { group: ["**/server/**", "**/app/**", "~/*"], message: "shared/ depends on neither the server nor the interface." },
            {
              group: ["@prisma/*", "mongoose", "mongoose/*", "ioredis", "pg", "pg/*", "express", "express/*"],
              message: "shared/ runs in the browser too: no database, cache or HTTP server packages.",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        ...["process", "Buffer", "__dirname", "__filename", "require", "module", "global"].map((name) => ({
          name,
          message: "shared/ runs in the browser too: no Node globals.",
        })),
      ],
    },
  },
);
