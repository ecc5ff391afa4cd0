/*
 * x-codeSamples of the OpenAPI document (server/http/rest.ts): each operation in curl, in
 * TypeScript with the typed client (@alephdraad/client, the same procedure over tRPC) and in
 * Python with requests. Example inputs are built from the operation's own JSON Schema.
 */

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  minLength?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
};

interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: unknown[];
}

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

/** A small value the schema accepts (required fields only); good enough to show a call's form. */
function exampleOf(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 4) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return exampleOf(variant, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const required = new Set(schema.required ?? []);
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([name]) => required.has(name))
          .map(([name, property]) => [name, exampleOf(property, depth + 1)]),
      );
    }
    case "array":
      return [];
    case "integer":
    case "number":
      return Math.max(schema.minimum ?? 1, 1);
    case "boolean":
      return false;
    case "string":
      return "x".repeat(Math.max(schema.minLength ?? 5, 5));
    default:
      return null;
  }
}

/** The operation's input as one object: path and query parameters (required ones) and the body's required fields. */
function exampleInput(operation: Operation): { path: Record<string, unknown>; query: Record<string, unknown>; body: Record<string, unknown> | null } {
  const path: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in === "path") path[parameter.name] = exampleOf(parameter.schema);
    else if (parameter.in === "query" && parameter.required) query[parameter.name] = exampleOf(parameter.schema);
  }
  const bodySchema = operation.requestBody?.content?.["application/json"]?.schema;
  const body = bodySchema ? (exampleOf(bodySchema) as Record<string, unknown>) : null;
  return { path, query, body };
}

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

export function codeSamplesOf({ origin, path, method, operation }: { origin: string; path: string; method: string; operation: Operation }): CodeSample[] {
  const input = exampleInput(operation);
  const filledPath = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(input.path[name])));
  const search = new URLSearchParams(Object.entries(input.query).map(([name, value]) => [name, String(value)])).toString();
  const url = `${origin}${filledPath}${search ? `?${search}` : ""}`;
  const signedIn = (operation.security?.length ?? 0) > 0;
  const verb = method.toUpperCase();

  const curl = [
    `curl${verb === "GET" ? "" : ` -X ${verb}`} ${shellQuote(url)}`,
    ...(signedIn ? [`-H "Authorization: Bearer $ALEPHDRAAD_TOKEN"`] : []),
    ...(input.body ? [`-H "Content-Type: application/json"`, `-d ${shellQuote(JSON.stringify(input.body))}`] : []),
  ].join(" \\\n  ");

  // The tRPC procedure behind this path (trpc-to-openapi names the operation after it).
  const procedure = (operation.operationId ?? "").replaceAll("-", ".");
  const callInput = { ...input.path, ...input.query, ...(input.body ?? {}) };
  const argument = Object.keys(callInput).length > 0 ? JSON.stringify(callInput, null, 2) : "";
  const typescript = [
    `import { createAlephdraadClient } from "@alephdraad/client";`,
    ``,
    `const client = createAlephdraadClient({ baseUrl: ${JSON.stringify(origin)}, token: process.env.ALEPHDRAAD_TOKEN });`,
    `const result = await client.${procedure}.${verb === "GET" ? "query" : "mutate"}(${argument});`,
    `console.log(result);`,
  ].join("\n");

  const pythonArguments = [
    ...(signedIn ? [`headers={"Authorization": f"Bearer {os.environ['ALEPHDRAAD_TOKEN']}"}`] : []),
    ...(input.body ? [`json=${pythonLiteral(input.body)}`] : []),
    "timeout=30",
  ];
  const python = [
    ...(signedIn ? ["import os", ""] : []),
    "import requests",
    "",
    `response = requests.${method.toLowerCase()}(`,
    `    ${JSON.stringify(url)},`,
    ...pythonArguments.map((argument) => `    ${argument},`),
    ")",
    "response.raise_for_status()",
    "print(response.json())",
  ].join("\n");

  return [
    { lang: "Shell", label: "curl", source: curl },
    { lang: "TypeScript", label: "TypeScript (@alephdraad/client)", source: typescript },
    { lang: "Python", label: "Python (requests)", source: python },
  ];
}

/** A JSON value as Python source (True/False/None). */
function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${pythonLiteral(item)}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}
