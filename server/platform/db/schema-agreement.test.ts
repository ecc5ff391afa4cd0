import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigratedTestDatabase, type TestDatabase } from "../../testing/postgres.ts";

/*
 * Migrations are written by hand (Prisma's schema engine cannot run here), so this test is what
 * keeps prisma/schema.prisma and prisma/migrations in step: it parses the schema with Prisma's
 * own parser, reads the catalog of a freshly migrated database, and lists every difference.
 * Both sides are reduced to the same "shape": per table, facts such as
 * `column email` -> `citext NOT NULL` or `index idx_threads_created` -> `btree (created_at DESC)`.
 */

const SCHEMA_PATH = fileURLToPath(new URL("../../../prisma/schema.prisma", import.meta.url));

// ---------------------------------------------------------------------------------------------
// Prisma's parser: the prisma-schema WebAssembly module shipped in the `prisma` package. Its
// JavaScript bindings are bundled inside the CLI, so this is the minimal wasm-bindgen glue.
// ---------------------------------------------------------------------------------------------

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  schema: string | null;
  fields: DmmfField[];
}

interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string; sortOrder?: "asc" | "desc"; length?: number; operatorClass?: string }[];
}

interface Datamodel {
  models: DmmfModel[];
  enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[];
  types: unknown[];
  indexes: DmmfIndex[];
}

interface SchemaWasm {
  memory: WebAssembly.Memory;
  __wbindgen_externrefs: WebAssembly.Table;
  __wbindgen_start(): void;
  __wbindgen_malloc(size: number, align: number): number;
  __wbindgen_free(ptr: number, size: number, align: number): void;
  get_dmmf(ptr: number, len: number): [number, number, number, number];
}

function getDatamodel(schema: string): Datamodel {
  const prismaDir = path.dirname(createRequire(import.meta.url).resolve("prisma/package.json"));
  const module = new WebAssembly.Module(readFileSync(path.join(prismaDir, "build/prisma_schema_build_bg.wasm")));
  // The imports run only once the instance exists, so they reach its exports through `self`.
  const self = {} as { wasm: SchemaWasm };
  let panic = "";
  const text = (ptr: number, len: number) =>
    new TextDecoder().decode(new Uint8Array(self.wasm.memory.buffer, ptr >>> 0, len));
  // Import names end in a hash of the bindings build, so they are matched by prefix.
  const bindings: [string, (ptr: number, len: number) => unknown][] = [
    ["__wbg_Error_", (ptr, len) => new Error(text(ptr, len))],
    [
      "__wbg___wbindgen_throw_",
      (ptr, len) => {
        throw new Error(text(ptr, len));
      },
    ],
    ["__wbg_set_message_", (ptr, len) => (panic = text(ptr, len))],
    [
      "__wbindgen_init_externref_table",
      () => {
        const table = self.wasm.__wbindgen_externrefs;
        const offset = table.grow(4);
        table.set(0, undefined);
        [undefined, null, true, false].forEach((value, i) => table.set(offset + i, value));
      },
    ],
  ];
  const imports: Record<string, Record<string, (ptr: number, len: number) => unknown>> = {};
  for (const { module: from, name } of WebAssembly.Module.imports(module)) {
    const binding = bindings.find(([prefix]) => name.startsWith(prefix));
    if (!binding) throw new Error(`prisma_schema_build_bg.wasm wants an unknown import ${name}: update this glue`);
    (imports[from] ??= {})[name] = binding[1];
  }
  const wasm = (self.wasm = new WebAssembly.Instance(module, imports).exports as unknown as SchemaWasm);
  wasm.__wbindgen_start();

  const input = new TextEncoder().encode(JSON.stringify({ prismaSchema: schema, noColor: true }));
  const inputPtr = wasm.__wbindgen_malloc(input.length, 1) >>> 0;
  new Uint8Array(wasm.memory.buffer).set(input, inputPtr);
  let result: [number, number, number, number];
  try {
    result = wasm.get_dmmf(inputPtr, input.length);
  } catch (error) {
    throw panic ? new Error(`prisma-schema-wasm panicked: ${panic}`) : error;
  }
  const [ptr, len, errorRef, failed] = result;
  if (failed) throw wasm.__wbindgen_externrefs.get(errorRef); // schema validation errors
  try {
    return (JSON.parse(text(ptr, len)) as { datamodel: Datamodel }).datamodel;
  } finally {
    wasm.__wbindgen_free(ptr, len, 1);
  }
}

// The DMMF leaves out two things this test needs, so they are read from the schema text:
// Unsupported("…") fields (the client cannot use them) and @relation(map: …) names.

function modelBody(schema: string, model: string): string {
  return new RegExp(`^model\\s+${model}\\s*\\{([\\s\\S]*?)^\\}`, "m").exec(schema)?.[1] ?? "";
}

function unsupportedFields(schema: string, model: string): DmmfField[] {
  return [...modelBody(schema, model).matchAll(/^[ \t]*(\w+)[ \t]+Unsupported\("([^"]+)"\)(\?|\[\])?(.*)$/gm)].map(
    ([, name, type, modifier, rest]) => {
      const attributes = (rest ?? "").split("//")[0]!.trim();
      const map = /^@map\("([^"]+)"\)$/.exec(attributes);
      if (attributes && !map) unsupported(`attributes "${attributes}" on Unsupported field ${model}.${name}`);
      return {
        name: name!,
        dbName: map?.[1] ?? null,
        kind: "unsupported",
        isList: modifier === "[]",
        isRequired: modifier !== "?",
        type: type!,
      };
    },
  );
}

function foreignKeyMap(schema: string, model: string, field: string): string | undefined {
  const relation = new RegExp(`^\\s*${field}\\s.*@relation\\(([^)]*)\\)`, "m").exec(modelBody(schema, model))?.[1];
  return /\bmap:\s*"([^"]+)"/.exec(relation ?? "")?.[1];
}

/**
 * The predicate of a partial index (`where: raw("…")`, preview feature partialIndexes), which the
 * DMMF leaves out: read from the attribute that names the index, as PostgreSQL prints it back.
 */
function indexPredicate(schema: string, model: string, dbName: string): string | undefined {
  const attribute = modelBody(schema, model)
    .split("\n")
    .find((line) => new RegExp(`@@(?:unique|index)\\(.*\\bmap:\\s*"${dbName}"`).test(line));
  return /\bwhere:\s*raw\("([^"]+)"\)/.exec(attribute ?? "")?.[1];
}

function unsupported(what: string): never {
  throw new Error(`schema-agreement.test.ts does not compare ${what} yet: extend it`);
}

// ---------------------------------------------------------------------------------------------
// Shapes and their comparison
// ---------------------------------------------------------------------------------------------

/** "table users" | "enum …" -> facts, e.g. "column email" -> "citext NOT NULL". */
type Shape = Map<string, Map<string, string>>;

function compareShapes(expected: Shape, actual: Shape): string[] {
  const differences: string[] = [];
  for (const [object, facts] of expected) {
    const found = actual.get(object);
    if (!found) {
      differences.push(`${object}: in schema.prisma, missing from the database`);
      continue;
    }
    for (const [key, value] of facts) {
      const other = found.get(key);
      if (other !== value) {
        const has = other === undefined ? "has none" : `has "${other}"`;
        differences.push(`${object}, ${key}: schema.prisma says "${value}", the database ${has}`);
      }
    }
    for (const [key, value] of found) {
      if (!facts.has(key)) differences.push(`${object}, ${key}: the database has "${value}", schema.prisma has none`);
    }
  }
  for (const object of actual.keys()) {
    if (!expected.has(object)) differences.push(`${object}: in the database, not in schema.prisma`);
  }
  return differences;
}

function set(shape: Shape, object: string, key: string, value: string): void {
  const facts = shape.get(object) ?? new Map<string, string>();
  facts.set(key, value);
  shape.set(object, facts);
}

const column = (type: string, nullable: boolean, defaultValue: string | null | undefined) =>
  `${type}${nullable ? "" : " NOT NULL"}${defaultValue ? ` DEFAULT ${defaultValue}` : ""}`;

/** pg_get_expr's text without casts ('id'::character varying -> 'id'), sequences as autoincrement(). */
function normalizeDefault(expression: string): string {
  if (/^nextval\('[^']+'::regclass\)$/.test(expression)) return "autoincrement()";
  return expression.replace(/::[\w ."]+(\(\d+(,\d+)?\))?(\[\])?/g, "");
}

/** Prisma's default constraint names, cut to PostgreSQL's 63 bytes as Prisma does. */
function defaultName(table: string, columns: string[], suffix: string): string {
  const base = [table, ...columns].join("_");
  const limit = 63 - suffix.length;
  return (base.length >= limit ? base.slice(0, limit) : base) + suffix;
}

const quoteIdentifier = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name}"`);

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

// ---------------------------------------------------------------------------------------------
// What schema.prisma asks for
// ---------------------------------------------------------------------------------------------

/** Prisma's native type for each scalar without @db, as its PostgreSQL connector renders them. */
const DEFAULT_NATIVE_TYPES: Record<string, [string, string[]]> = {
  String: ["Text", []],
  Boolean: ["Boolean", []],
  Int: ["Integer", []],
  BigInt: ["BigInt", []],
  Float: ["DoublePrecision", []],
  Decimal: ["Decimal", ["65", "30"]],
  DateTime: ["Timestamp", ["3"]],
  Json: ["JsonB", []],
  Bytes: ["ByteA", []],
};

/** @db.* native types as PostgreSQL's format_type() spells them; "$" is where "(args)" goes. */
const POSTGRES_TYPES: Record<string, string> = {
  Text: "text",
  Char: "character$",
  VarChar: "character varying$",
  Bit: "bit$",
  VarBit: "bit varying$",
  Uuid: "uuid",
  Xml: "xml",
  Inet: "inet",
  Citext: "citext",
  Boolean: "boolean",
  SmallInt: "smallint",
  Integer: "integer",
  Oid: "oid",
  BigInt: "bigint",
  Real: "real",
  DoublePrecision: "double precision",
  Decimal: "numeric$",
  Money: "money",
  Timestamp: "timestamp$ without time zone",
  Timestamptz: "timestamp$ with time zone",
  Date: "date",
  Time: "time$ without time zone",
  Timetz: "time$ with time zone",
  Json: "json",
  JsonB: "jsonb",
  ByteA: "bytea",
};

const NUMERIC_SCALARS = new Set(["Int", "BigInt", "Float", "Decimal"]);

function expectedShape(datamodel: Datamodel, schema: string): Shape {
  if (datamodel.types.length > 0) unsupported("composite types");
  const shape: Shape = new Map();
  const enums = new Map(datamodel.enums.map((e) => [e.name, e]));
  for (const e of datamodel.enums) {
    set(shape, `enum ${e.dbName ?? e.name}`, "values", e.values.map((v) => v.dbName ?? v.name).join(", "));
  }

  const models = new Map(
    datamodel.models.map((model) => [
      model.name,
      { ...model, fields: [...model.fields, ...unsupportedFields(schema, model.name)] },
    ]),
  );
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`${model.name} has no field ${fieldName}`);
    return field.dbName ?? field.name;
  };

  const columnType = (field: DmmfField): string => {
    const suffix = field.isList ? "[]" : "";
    if (field.kind === "unsupported") return field.type + suffix;
    if (field.kind === "enum") return quoteIdentifier(enums.get(field.type)?.dbName ?? field.type) + suffix;
    const [nativeType, args] =
      field.nativeType ?? DEFAULT_NATIVE_TYPES[field.type] ?? unsupported(`type ${field.type}`);
    const template = POSTGRES_TYPES[nativeType] ?? unsupported(`@db.${nativeType}`);
    return template.replace("$", args.length ? `(${args.join(",")})` : "") + suffix;
  };

  const literal = (field: DmmfField, value: unknown): string => {
    if (field.kind === "enum") {
      const member = enums.get(field.type)?.values.find((v) => v.name === value);
      return `'${member?.dbName ?? String(value)}'`;
    }
    if (typeof value === "boolean") return String(value);
    // PostgreSQL prints negative numeric defaults quoted: '-1'::integer.
    if (NUMERIC_SCALARS.has(field.type)) return Number(value) < 0 ? `'${String(value)}'` : String(value);
    return `'${String(value).replaceAll("'", "''")}'`;
  };

  const columnDefault = (field: DmmfField): string | undefined => {
    const value = field.default;
    if (value === undefined) return undefined;
    if (Array.isArray(value)) return `ARRAY[${value.map((item) => literal(field, item)).join(", ")}]`;
    if (typeof value === "object" && value !== null && "name" in value) {
      const call = value as { name: string; args: unknown[] };
      if (call.name === "autoincrement") return "autoincrement()";
      if (call.name === "now") return "CURRENT_TIMESTAMP";
      if (call.name === "dbgenerated") return normalizeDefault(String(call.args[0]));
      return undefined; // uuid(), cuid(), nanoid(), ulid(): generated by the client, not the database
    }
    return literal(field, value);
  };

  for (const model of models.values()) {
    if (model.schema) unsupported(`multiSchema (@@schema on ${model.name})`);
    const table = `table ${tableOf(model)}`;
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      // Prisma creates scalar lists without NOT NULL.
      const nullable = field.isList || !field.isRequired;
      set(shape, table, `column ${field.dbName ?? field.name}`, column(columnType(field), nullable, columnDefault(field)));
    }
    for (const relation of model.fields) {
      if (!relation.relationFromFields?.length) continue;
      const target = models.get(relation.type)!;
      const columns = relation.relationFromFields.map((name) => columnOf(model, name));
      const references = relation.relationToFields!.map((name) => columnOf(target, name));
      const onDelete = relation.relationOnDelete ?? (relation.isRequired ? "Restrict" : "SetNull");
      const onUpdate = relation.relationOnUpdate ?? "Cascade";
      const name = foreignKeyMap(schema, model.name, relation.name) ?? defaultName(tableOf(model), columns, "_fkey");
      set(
        shape,
        table,
        `foreign key ${name}`,
        `(${columns.join(", ")}) REFERENCES ${tableOf(target)}(${references.join(", ")}) ` +
          `ON DELETE ${REFERENTIAL_ACTIONS[onDelete]} ON UPDATE ${REFERENTIAL_ACTIONS[onUpdate]}`,
      );
    }
  }

  for (const index of datamodel.indexes) {
    const model = models.get(index.model)!;
    const table = tableOf(model);
    const columns = index.fields.map((field) => {
      if (field.length) unsupported(`index options on ${index.model}.${field.name}`);
      return columnOf(model, field.name);
    });
    const keys = columns.map((name, i) => {
      const field = index.fields[i]!;
      // `ops: raw("…")` reaches the DMMF as the bare name; the database names only non-default ones.
      const operatorClass = field.operatorClass ? ` ${field.operatorClass}` : "";
      return `${name}${operatorClass}${field.sortOrder === "desc" ? " DESC" : ""}`;
    });
    const method = (index.algorithm ?? "BTree").toLowerCase();
    const predicate = index.dbName ? indexPredicate(schema, index.model, index.dbName) : undefined;
    const on = `(${keys.join(", ")})${predicate ? ` WHERE ${predicate}` : ""}`;
    if (index.type === "id") {
      set(shape, `table ${table}`, `primary key ${index.dbName ?? defaultName(table, [], "_pkey")}`, on);
    } else if (index.type === "unique") {
      set(shape, `table ${table}`, `index ${index.dbName ?? defaultName(table, columns, "_key")}`, `UNIQUE ${method} ${on}`);
    } else if (index.type === "normal") {
      set(shape, `table ${table}`, `index ${index.dbName ?? defaultName(table, columns, "_idx")}`, `${method} ${on}`);
    } else {
      unsupported(`${index.type} indexes`);
    }
  }
  return shape;
}

// ---------------------------------------------------------------------------------------------
// What the migrated database has
// ---------------------------------------------------------------------------------------------

const TABLES = `
  SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'`;

const FK_ACTIONS: Record<string, string> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

async function databaseShape(client: pg.Client): Promise<Shape> {
  const shape: Shape = new Map();
  const enums = await client.query<{ name: string; values: string[] }>(`
    SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = current_schema() GROUP BY t.typname`);
  for (const row of enums.rows) set(shape, `enum ${row.name}`, "values", row.values.join(", "));

  const columns = await client.query<{
    table: string;
    name: string;
    type: string;
    nullable: boolean;
    default: string | null;
  }>(`
    SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
           NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attrelid IN (${TABLES}) AND a.attnum > 0 AND NOT a.attisdropped`);
  for (const row of columns.rows) {
    const defaultValue = row.default && normalizeDefault(row.default);
    set(shape, `table ${row.table}`, `column ${row.name}`, column(row.type, row.nullable, defaultValue));
  }

  const indexes = await client.query<{
    table: string;
    name: string;
    primary: boolean;
    unique: boolean;
    method: string;
    keys: string[];
    predicate: string | null;
  }>(`
    SELECT t.relname AS table, i.relname AS name, x.indisprimary AS primary, x.indisunique AS unique,
           am.amname AS method, pg_get_expr(x.indpred, x.indrelid) AS predicate,
           array(
             SELECT coalesce(a.attname, pg_get_indexdef(x.indexrelid, k.ord::int, true))
                    || CASE WHEN oc.opcdefault THEN '' ELSE ' ' || oc.opcname END
                    || CASE WHEN x.indoption[k.ord - 1] & 1 = 1 THEN ' DESC' ELSE '' END
             FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
             LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum <> 0
             JOIN pg_opclass oc ON oc.oid = x.indclass[k.ord - 1]
             ORDER BY k.ord
           ) AS keys
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_am am ON am.oid = i.relam
    WHERE x.indrelid IN (${TABLES})`);
  for (const row of indexes.rows) {
    const keys = `(${row.keys.join(", ")})${row.predicate ? ` WHERE ${row.predicate}` : ""}`;
    if (row.primary) set(shape, `table ${row.table}`, `primary key ${row.name}`, keys);
    else set(shape, `table ${row.table}`, `index ${row.name}`, `${row.unique ? "UNIQUE " : ""}${row.method} ${keys}`);
  }

  const foreignKeys = await client.query<{
    table: string;
    name: string;
    columns: string[];
    target: string;
    references: string[];
    on_delete: string;
    on_update: string;
  }>(`
    SELECT t.relname AS table, con.conname AS name, r.relname AS target,
           array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                 ORDER BY k.ord) AS columns,
           array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                 ORDER BY k.ord) AS references,
           con.confdeltype AS on_delete, con.confupdtype AS on_update
    FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
    WHERE con.contype = 'f' AND con.conrelid IN (${TABLES})`);
  for (const row of foreignKeys.rows) {
    set(
      shape,
      `table ${row.table}`,
      `foreign key ${row.name}`,
      `(${row.columns.join(", ")}) REFERENCES ${row.target}(${row.references.join(", ")}) ` +
        `ON DELETE ${FK_ACTIONS[row.on_delete]} ON UPDATE ${FK_ACTIONS[row.on_update]}`,
    );
  }
  return shape;
}

// ---------------------------------------------------------------------------------------------

describe("prisma/schema.prisma and prisma/migrations", () => {
  const schema = readFileSync(SCHEMA_PATH, "utf8");
  const datamodel = getDatamodel(schema);
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it("describe the same tables, columns, defaults, keys, indexes and foreign keys", async () => {
    const differences = compareShapes(expectedShape(datamodel, schema), await databaseShape(client));
    expect(
      differences,
      `schema.prisma and the migrated database disagree; change the other side too ` +
        `(a new migration folder for a schema change):\n  ${differences.join("\n  ")}\n`,
    ).toEqual([]);
  });

  // The checks below prove the comparison can fail, so the agreement above means something.

  it("notices a column, foreign key, index or table that schema.prisma describes differently", async () => {
    const differencesAfter = async (change: (model: DmmfModel, changed: Datamodel) => void) => {
      const changed = structuredClone(datamodel);
      change(changed.models.find((m) => m.name === owner.name)!, changed);
      return compareShapes(expectedShape(changed, schema), await databaseShape(client)).join("\n");
    };
    // A model with a foreign key and a secondary index, so every kind of change applies to it.
    const owner = datamodel.models.find(
      (m) =>
        m.fields.some((f) => f.relationFromFields?.length) &&
        datamodel.indexes.some((index) => index.model === m.name && index.type !== "id"),
    )!;
    const table = `table ${owner.dbName ?? owner.name}`;

    const nullability = await differencesAfter((model) => {
      const field = model.fields.find((f) => f.kind === "scalar")!;
      field.isRequired = !field.isRequired;
    });
    expect(nullability).toMatch(new RegExp(`${table}, column \\S+: schema.prisma says`));

    const onDelete = await differencesAfter((model) => {
      model.fields.find((f) => f.relationFromFields?.length)!.relationOnDelete = "SetDefault";
    });
    expect(onDelete).toMatch(new RegExp(`${table}, foreign key \\S+: schema.prisma says ".* ON DELETE SET DEFAULT`));

    const index = await differencesAfter((model, changed) => {
      changed.indexes.splice(changed.indexes.findIndex((i) => i.model === model.name && i.type !== "id"), 1);
    });
    expect(index).toMatch(new RegExp(`${table}, index \\S+: the database has`));

    const renamed = await differencesAfter((model) => {
      model.dbName = "renamed_table";
    });
    expect(renamed).toContain("table renamed_table: in schema.prisma, missing from the database");
    expect(renamed).toContain(`${table}: in the database, not in schema.prisma`);
  });

  it("notices a database that has something else", async () => {
    const isIndex = (key: string) => key.startsWith("index ");
    const [table, facts] = [...(await databaseShape(client))].find(([, f]) => [...f.keys()].some(isIndex))!;
    const index = [...facts.keys()].find(isIndex)!;
    const tableName = table.replace(/^table /, "");
    await client.query("BEGIN");
    try {
      await client.query(`ALTER TABLE "${tableName}" ADD COLUMN "extra" INTEGER`);
      await client.query(`DROP INDEX "${index.replace(/^index /, "")}"`);
      const differences = compareShapes(expectedShape(datamodel, schema), await databaseShape(client));
      expect(differences).toHaveLength(2);
      expect(differences).toEqual(
        expect.arrayContaining([
          `${table}, ${index}: schema.prisma says "${facts.get(index)}", the database has none`,
          `${table}, column extra: the database has "integer", schema.prisma has none`,
        ]),
      );
    } finally {
      await client.query("ROLLBACK");
    }
  });
});
