import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import express, { type Request, type Response } from "express";
import { createOpenApiExpressMiddleware, generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import { z } from "zod";
import type { Runtime } from "../app-services.ts";
import { createContext } from "../trpc/context.ts";
import { outageRetryAfter, toTRPCError } from "../trpc/errors.ts";
import { appRouter } from "../trpc/root.ts";
import { MAX_REQUEST_BODY_BYTES } from "./limits.ts";
import { requestMeta } from "./request-meta.ts";
import { REST_PREFIX } from "./rest-errors.ts";
import { codeSamplesOf } from "./rest-samples.ts";

export const OPENAPI_DOCUMENT_PATH = "/api/openapi.json";
export const API_DOCS_PATH = "/api/docs";

const SECURITY_SCHEME = "bearerToken";

/**
 * What every REST error answers: tRPC's error shape (the same errorFormatter, so the same
 * message) with `code` as its name; `issues` for an input that failed validation.
 */
const errorBody = z
  .object({
    message: z.string().meta({ description: "For people: in Indonesian, as the site says it." }),
    code: z.string().meta({ description: "The tRPC error code, e.g. NOT_FOUND, TOO_MANY_REQUESTS.", example: "NOT_FOUND" }),
    data: z
      .looseObject({
        code: z.string(),
        httpStatus: z.number().int(),
        path: z.string().optional().meta({ description: "The procedure (tRPC name) that answered." }),
        fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
      })
      .optional(),
    issues: z.array(z.looseObject({ message: z.string() })).optional(),
  })
  .meta({ id: "Error", description: "An error, as tRPC answers it, with the same code and message." });

/** Errors any operation may answer beside the library's: a missing resource, a limit, an outage. */
const COMMON_ERRORS: Record<string, string> = {
  "404": "Not found",
  "429": "Too many requests: wait Retry-After seconds.",
  "503": "A database is unreachable: retry after Retry-After seconds.",
};
/** And any write: a conflict, no money left, a body too large or not JSON, Aleph's provider failing. */
const WRITE_ERRORS: Record<string, string> = {
  "402": "Not enough balance or tokens.",
  "409": "Conflict with the current state.",
  "413": "Request body too large.",
  "415": "The body must be application/json.",
  "502": "An upstream service (Aleph's provider, the payment gateway) failed.",
  "504": "An upstream service took too long.",
};

let baseDocument: OpenAPIObject | undefined;
let scalarSource: string | undefined;

/**
 * Two things Scalar's bundle would do that this site's CSP refuses (each refusal is a reported
 * violation, and a request to scalar.com from a member's browser): zod's probe for
 * `new Function("")` (it then runs without compiling parsers), and the AI agent, which Scalar
 * turns on by itself on local hosts (localhost, 127.0.0.1, *.test) before reading
 * `agent.disabled`, and which calls api.scalar.com. Each is replaced by its "no" answer; should
 * a Scalar update change them, rest.test.ts says so and the page still works.
 */
export const SCALAR_PATCHES: readonly (readonly [string, string])[] = [
  ['try{return new Function(""),!0}catch(e){return!1}', "return!1"],
  ["return!e?.agent?.disabled&&", "return!1&&"],
];

/** Scalar's standalone bundle (from node_modules, never a CDN), read and patched once. */
export function scalarBundle(): string {
  if (scalarSource === undefined) {
    let source = readFileSync(createRequire(import.meta.url).resolve("@scalar/api-reference/browser/standalone.js"), "utf8");
    for (const [from, to] of SCALAR_PATCHES) source = source.replace(from, to);
    scalarSource = source;
  }
  return scalarSource;
}

/** The document without the parts that depend on the request's origin, built once. */
function documentBase(): OpenAPIObject {
  if (baseDocument) return baseDocument;
  const generated = generateOpenApiDocument(appRouter, {
    title: "Alephdraad API",
    version: "1",
    description:
      "The forum's procedures for programs, as REST. Authenticate with a personal access token " +
      "(Pengaturan → Token akses) sent as `Authorization: Bearer <token>`. The same procedures are " +
      "served by tRPC at /api/trpc (the typed client @alephdraad/client).",
    baseUrl: "",
    openApiVersion: "3.1.0",
    securitySchemes: {
      [SECURITY_SCHEME]: { type: "http", scheme: "bearer", description: "A personal access token of a member." },
    },
    defs: { Error: errorBody },
  });
  // One error shape for every status, the ones each procedure may add too (not the library's generic one).
  const errorResponse = (description: string) => ({
    description,
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  });
  for (const operations of Object.values(generated.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations as Record<string, { responses: Record<string, { description: string }> }>)) {
      const responses = operation.responses;
      for (const status of Object.keys(responses)) {
        if (status !== "200") responses[status] = errorResponse(responses[status]!.description);
      }
      const extra = method === "get" ? COMMON_ERRORS : { ...COMMON_ERRORS, ...WRITE_ERRORS };
      for (const [status, description] of Object.entries(extra)) responses[status] ??= errorResponse(description);
    }
  }
  // The library's own error schemas are no longer referenced.
  const schemas = generated.components?.schemas ?? {};
  for (const name of Object.keys(schemas)) if (name.startsWith("error.")) delete schemas[name];
  baseDocument = generated;
  return generated;
}

/** The OpenAPI 3.1 document for clients of `origin`: its server, and examples in curl, TypeScript and Python. */
export function openApiDocument(origin: string): OpenAPIObject {
  const base = documentBase();
  const paths = Object.fromEntries(
    Object.entries(base.paths ?? {}).map(([path, operations]) => [
      path,
      Object.fromEntries(
        Object.entries(operations as Record<string, Record<string, unknown>>).map(([method, operation]) => [
          method,
          { ...operation, "x-codeSamples": codeSamplesOf({ origin, path, method, operation }) },
        ]),
      ),
    ]),
  );
  return { ...base, servers: [{ url: origin, description: "This forum" }], paths };
}

/**
 * trpc-to-openapi answers a failed input validation with "Input validation failed"; tRPC (our
 * errorFormatter) with every issue, in Indonesian. The library only does so for a cause named
 * ZodError, so the cause is renamed here (it stays a ZodError: the formatter still reads it).
 */
function keepValidationMessage(error: { cause?: unknown }) {
  if (error.cause instanceof z.ZodError) Object.defineProperty(error.cause, "name", { value: "InputValidationError" });
}

/**
 * REST under /api/v1 from the same routers (trpc-to-openapi), with the context tRPC builds (a
 * bearer token or the session cookie; the CSRF check ran before, as for tRPC); the document at
 * /api/openapi.json and the reference page (Scalar, served from the package) at /api/docs.
 */
export function restHttpRoutes(runtime: Runtime) {
  const routes = express.Router();
  const { logger } = runtime;

  routes.get(OPENAPI_DOCUMENT_PATH, (req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    res.json(openApiDocument(runtime.publicOriginOf({ get: (name) => req.get(name) })));
  });

  routes.get(`${API_DOCS_PATH}/scalar.js`, (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=86400");
    res.type("text/javascript").send(scalarBundle());
  });
  routes.get(API_DOCS_PATH, (_req, res) => {
    const nonce = res.locals.cspNonce as string;
    // No fonts or AI agent from scalar.com: the page reaches nothing but this site.
    const config = JSON.stringify({
      url: OPENAPI_DOCUMENT_PATH,
      agent: { disabled: true },
      withDefaultFonts: false,
      hideClientButton: true,
      telemetry: false,
    });
    res.type("html").send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Alephdraad API</title>
<meta name="description" content="Referensi REST API Alephdraad / Alephdraad REST API reference">
<style>/* System fonts: Scalar's own (fonts.scalar.com) are never asked for. */
:root, .scalar-app, .light-mode, .dark-mode { --scalar-font: system-ui, sans-serif !important; --scalar-font-code: ui-monospace, monospace !important; }</style>
</head>
<body>
<main id="api-reference" aria-label="API reference"></main>
<script nonce="${nonce}" src="${API_DOCS_PATH}/scalar.js"></script>
<script nonce="${nonce}">Scalar.createApiReference("#api-reference", ${config});</script>
</body>
</html>`);
  });

  const rest = createOpenApiExpressMiddleware({
    router: appRouter,
    maxBodySize: MAX_REQUEST_BODY_BYTES,
    // As tRPC's endpoint: reading the session needs PostgreSQL, so while it is down that is a 503 too.
    createContext: ({ req, res }: { req: Request; res: Response }) =>
      createContext(runtime, requestMeta(req, res)).catch((error: unknown) => {
        throw toTRPCError(error);
      }),
    onError({ error, path }: { error: { code: string; cause?: unknown }; path?: string }) {
      keepValidationMessage(error);
      if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error, path }, "REST procedure failed");
      if (error.code === "SERVICE_UNAVAILABLE") logger.warn({ err: error.cause ?? error, path }, "REST procedure met an outage");
    },
    responseMeta: ({ errors }: { errors: { code: string; cause?: unknown }[] }) => {
      const retryAfter = outageRetryAfter(errors);
      return retryAfter ? { headers: { "Retry-After": retryAfter } } : {};
    },
  } as Parameters<typeof createOpenApiExpressMiddleware>[0]);
  routes.use((req, res, next) => (req.path.startsWith(REST_PREFIX) ? rest(req, res).catch(next) : next()));
  return routes;
}
