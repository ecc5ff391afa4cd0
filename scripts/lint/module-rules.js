// Local ESLint rules for the module contract (CONTRIBUTING.md, "The module template").
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: rules read paths relative to it. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** `server/modules/<name>/...` → `<name>`; anything else → null. */
function moduleOf(relative) {
  return /^server\/modules\/([^/]+)\/./.exec(relative)?.[1] ?? null;
}

/** What the import names, relative to the root ("server/modules/reply/reply.model.ts"), or null for a package. */
function resolveImport(filename, specifier) {
  let absolute;
  if (specifier.startsWith("./") || specifier.startsWith("../")) absolute = path.resolve(path.dirname(filename), specifier);
  else if (specifier.startsWith("~/")) absolute = path.join(ROOT, "app", specifier.slice(2));
  else return null;
  return path.relative(ROOT, absolute).split(path.sep).join("/");
}

/** "router" for a module's router (router.ts, account-router.ts), "model" for a Mongoose model, else null. */
function kindOf(relative) {
  const base = path.posix.basename(relative).replace(/\.[cm]?[jt]sx?$/, "");
  if (base === "router" || base.endsWith("-router")) return "router";
  if (base.endsWith(".model")) return "model";
  return null;
}

const moduleBoundaries = {
  meta: {
    type: "problem",
    docs: { description: "A module is used through its service: never another module's router or Mongoose model." },
    messages: {
      router: "'{{specifier}}' is the router of module '{{target}}': use its service.ts (only server/trpc/root.ts mounts routers).",
      model: "'{{specifier}}' is a Mongoose model of module '{{target}}': call a function of its service.ts instead.",
    },
    schema: [],
  },
  create(context) {
    const filename = context.physicalFilename ?? context.filename;
    const own = moduleOf(path.relative(ROOT, filename).split(path.sep).join("/"));
    function check(node) {
      const source = node.source;
      if (!source || source.type !== "Literal" || typeof source.value !== "string") return;
      const target = resolveImport(filename, source.value);
      if (!target) return;
      const targetModule = moduleOf(target);
      const kind = kindOf(target);
      if (!targetModule || !kind || targetModule === own) return;
      context.report({ node: source, messageId: kind, data: { specifier: source.value, target: targetModule } });
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

const noTrpcError = {
  meta: {
    type: "problem",
    docs: { description: "Services and platform pieces throw the domain errors of server/platform/errors.ts, never TRPCError." },
    messages: {
      trpcError:
        "TRPCError belongs to server/trpc/ and routers: throw a domain error from server/platform/errors.ts (server/trpc/errors.ts maps it).",
    },
    schema: [],
  },
  create(context) {
    return {
      ImportDeclaration(node) {
        if (typeof node.source.value !== "string" || !/^@trpc\/server(?:\/|$)/.test(node.source.value)) return;
        for (const specifier of node.specifiers) {
          if (specifier.type === "ImportSpecifier" && (specifier.imported.name ?? specifier.imported.value) === "TRPCError") {
            context.report({ node: specifier, messageId: "trpcError" });
          }
        }
      },
    };
  },
};

export default {
  meta: { name: "alephdraad" },
  rules: { "module-boundaries": moduleBoundaries, "no-trpc-error": noTrpcError },
};
