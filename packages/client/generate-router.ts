/*
 * Writes src/router.generated.ts: the API's `AppRouter` type as plain TypeScript, for the
 * @alephdraad/client package (npm run build:client). The server's own `AppRouter` carries its
 * context (Prisma, Redis, Lucia, pino, ...) and Prisma's payload types, so a bundle of its
 * declarations would need the server's dependencies; here every procedure's input and output are
 * written out structurally instead, from the type checker, and the router is rebuilt from tRPC's
 * public types, then checked against the server's. docs/decisions/0011-client-package-types.md says why.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { AnyTRPCProcedure } from "@trpc/server";
import ts from "typescript";
import { STREAMING_PROCEDURES } from "../../shared/streaming-procedures.ts";
import type { ProcedureMeta } from "../../server/trpc/init.ts";
import { appRouter } from "../../server/trpc/root.ts";

const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, "../..");
const OUTPUT = path.join(here, "src/router.generated.ts");

/**
 * The procedures a program may call: the admin area (its own accounts, signed in by its own
 * cookie, never by a token) and the staff's procedures elsewhere stay out.
 */
function publishedProcedures() {
  // At run time `procedures` is flat, by dotted path (its type is the nested record).
  return Object.entries(appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>)
    .filter(([name, procedure]) => !name.startsWith("admin.") && !(procedure._def.meta as ProcedureMeta | undefined)?.staffOnly)
    .map(([name, procedure]) => ({ name, type: procedure._def.type }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A program of the repository's settings whose roots are files held in memory (beside real ones),
 * with the errors of those files alone: the whole server is the typecheck's job (npx tsc --noEmit).
 */
function programOf(files: Record<string, string>, oldProgram?: ts.Program) {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(repo, "tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  if (!config) throw new Error("tsconfig.json could not be read");
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    fileName in files ? ts.createSourceFile(fileName, files[fileName]!, languageVersion, true) : getSourceFile(fileName, languageVersion, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName in files || fileExists(fileName);
  const program = ts.createProgram({ rootNames: Object.keys(files), options: config.options, host, oldProgram });
  const errors = Object.keys(files).flatMap((fileName) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(fileName)).filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error),
  );
  return { program, errors, format: (diagnostics: readonly ts.Diagnostic[]) => ts.formatDiagnostics(diagnostics, host) };
}

/** The server's types the generator reads. */
function serverTypes() {
  const probe = path.join(here, "__router_probe__.ts");
  const { program, errors, format } = programOf({
    [probe]: [
      `import type { AppRouter } from "../../server/trpc/root.ts";`,
      `export type Procedures = AppRouter["_def"]["record"];`,
      `export type ErrorShape = AppRouter["_def"]["_config"]["$types"]["errorShape"];`,
    ].join("\n"),
  });
  if (errors.length > 0) throw new Error(format(errors));
  const checker = program.getTypeChecker();
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(probe)!)!);
  const typeOf = (name: string) => checker.getDeclaredTypeOfSymbol(exported.find((symbol) => symbol.name === name)!);
  return { program, checker, procedures: typeOf("Procedures"), errorShape: typeOf("ErrorShape") };
}

/**
 * Proof that the written-out router says what the server's does: for every published procedure,
 * the input and output a client sees (inferRouterInputs/Outputs) are each assignable to the
 * other's. Throws naming the procedures that disagree.
 */
function checkAgreement(source: string, names: readonly string[], oldProgram: ts.Program) {
  const probe = path.join(here, "__router_agreement__.ts");
  const access = (name: string) => name.split(".").map((segment) => `[${JSON.stringify(segment)}]`).join("");
  const lines = [
    `import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";`,
    `import type { AppRouter as Server } from "../../server/trpc/root.ts";`,
    `import type { AppRouter as Client } from "./src/router.generated.ts";`,
    `type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;`,
    `type SI = inferRouterInputs<Server>; type CI = inferRouterInputs<Client>;`,
    `type SO = inferRouterOutputs<Server>; type CO = inferRouterOutputs<Client>;`,
    `export const agreement: Record<string, true> = {`,
  ];
  const firstCheck = lines.length;
  for (const name of names) {
    lines.push(`  ${JSON.stringify(`${name} input`)}: undefined as unknown as Same<SI${access(name)}, CI${access(name)}>,`);
    lines.push(`  ${JSON.stringify(`${name} output`)}: undefined as unknown as Same<SO${access(name)}, CO${access(name)}>,`);
  }
  lines.push(`};`);
  const { errors, format } = programOf({ [probe]: lines.join("\n"), [OUTPUT]: source }, oldProgram);
  if (errors.length === 0) return;
  const disagreeing = errors
    .filter((error) => error.file?.fileName === probe && error.start !== undefined)
    .map((error) => error.file!.getLineAndCharacterOfPosition(error.start!).line)
    .filter((line) => line >= firstCheck && line < firstCheck + 2 * names.length)
    .map((line) => JSON.parse(lines[line]!.trim().split(":")[0]!) as string);
  throw new Error(disagreeing.length > 0 && disagreeing.length === errors.length
    ? `the generated types disagree with the server's for ${disagreeing.join(", ")}`
    : format(errors));
}

const PROCEDURE_TYPE = { query: "TRPCQueryProcedure", mutation: "TRPCMutationProcedure", subscription: "TRPCSubscriptionProcedure" } as const;
/** Names the generated file declares or imports itself. */
const RESERVED_NAMES = ["AppRouter", "ErrorShape", "TRPCBuiltRouter", ...Object.values(PROCEDURE_TYPE)];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const propertyName = (name: string) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

/**
 * Writes a type out in full: primitives, literals, unions, objects, arrays and tuples
 * structurally; the standard library's own types (Date, Map, AsyncGenerator, ...) by name; a
 * type met again inside itself (a JSON value) as a named alias declared beside the router.
 */
class TypePrinter {
  /** Type aliases of recursive types, in the order they were finished. */
  readonly declarations: string[] = [];
  private readonly aliases = new Map<ts.Type, string>();
  private readonly entered = new Set<ts.Type>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly program: ts.Program,
  ) {}

  print(type: ts.Type, indent: string, where: string): string {
    const alias = this.aliases.get(type);
    if (alias) return alias;
    if (!(type.flags & (ts.TypeFlags.Object | ts.TypeFlags.UnionOrIntersection))) return this.primitive(type, where);
    if (this.entered.has(type)) {
      const name = this.aliasName(type);
      this.aliases.set(type, name);
      return name;
    }
    this.entered.add(type);
    const body = this.structured(type, indent, where);
    this.entered.delete(type);
    const name = this.aliases.get(type);
    if (!name) return body;
    this.declarations.push(`type ${name} = ${this.structured(type, "", where)};`);
    return name;
  }

  /** The name the server gave the type (JsonValue, ReplyNode), else a made-up one; never one taken. */
  private aliasName(type: ts.Type): string {
    const taken = new Set([...this.aliases.values(), ...RESERVED_NAMES]);
    const given = type.aliasSymbol?.name ?? type.getSymbol()?.name;
    if (given && IDENTIFIER.test(given) && !given.startsWith("__") && !taken.has(given)) return given;
    return `Recursive${this.aliases.size + 1}`;
  }

  private primitive(type: ts.Type, where: string): string {
    const { flags } = type;
    if (flags & ts.TypeFlags.StringLiteral) return JSON.stringify((type as ts.StringLiteralType).value);
    if (flags & ts.TypeFlags.NumberLiteral) return String((type as ts.NumberLiteralType).value);
    if (flags & ts.TypeFlags.BigIntLiteral) {
      const { negative, base10Value } = (type as ts.BigIntLiteralType).value;
      return `${negative ? "-" : ""}${base10Value}n`;
    }
    const keywords =
      ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never | ts.TypeFlags.String | ts.TypeFlags.Number |
      ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral | ts.TypeFlags.BigInt | ts.TypeFlags.ESSymbol | ts.TypeFlags.Void |
      ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.NonPrimitive | ts.TypeFlags.TemplateLiteral;
    if (flags & keywords) return this.checker.typeToString(type);
    throw new Error(`${where}: cannot write out the type ${this.checker.typeToString(type)}`);
  }

  private structured(type: ts.Type, indent: string, where: string): string {
    if (type.isUnion()) {
      const members = type.types.map((member) => this.print(member, indent, where));
      // `boolean` is the union of its two literals; written back as the keyword.
      const booleans = members.includes("true") && members.includes("false");
      const written = booleans ? members.filter((member) => member !== "true" && member !== "false").concat("boolean") : members;
      return written.map((member) => (member.startsWith("(") || !member.includes("=>") ? member : `(${member})`)).join(" | ");
    }
    if (type.isIntersection() && !type.types.every((member) => member.flags & ts.TypeFlags.Object)) {
      return type.types.map((member) => {
        const written = this.print(member, indent, where);
        return member.isUnion() ? `(${written})` : written;
      }).join(" & ");
    }
    const { checker } = this;
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      const name = type.getSymbol()?.name === "ReadonlyArray" ? "ReadonlyArray" : "Array";
      return `${name}<${this.print(element!, indent, where)}>`;
    }
    if (checker.isTupleType(type)) {
      const target = (type as ts.TupleTypeReference).target;
      const elements = checker.getTypeArguments(type as ts.TypeReference).map((element, index) => {
        const written = this.print(element, indent, where);
        const flags = target.elementFlags[index]!;
        return flags & ts.ElementFlags.Rest ? `...Array<${written}>` : flags & ts.ElementFlags.Optional ? `${written}?` : written;
      });
      return `${target.readonly ? "readonly " : ""}[${elements.join(", ")}]`;
    }
    if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) {
      throw new Error(`${where}: a function cannot cross the wire (${checker.typeToString(type)})`);
    }
    const symbol = type.getSymbol();
    const declaredIn = symbol?.declarations?.[0]?.getSourceFile();
    const named = symbol && symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class);
    if (named && declaredIn && this.program.isSourceFileDefaultLibrary(declaredIn)) {
      const args = (type as ts.TypeReference).target ? checker.getTypeArguments(type as ts.TypeReference) : [];
      return args.length > 0 ? `${symbol.name}<${args.map((arg) => this.print(arg, indent, where)).join(", ")}>` : symbol.name;
    }
    // An interface that only extends an array (Prisma's JsonArray) is that array.
    const arrayBase = type.isClassOrInterface() && symbol?.members?.size === 0 ? checker.getBaseTypes(type).find((base) => checker.isArrayType(base)) : undefined;
    if (arrayBase) return this.print(arrayBase, indent, where);
    const inner = `${indent}  `;
    const lines = checker.getPropertiesOfType(type).map((property) => {
      const optional = property.flags & ts.SymbolFlags.Optional ? "?" : "";
      const written = this.print(checker.getTypeOfSymbol(property), inner, `${where}.${property.name}`);
      return `${documentation(checker, property, inner)}${inner}${propertyName(property.name)}${optional}: ${written};`;
    });
    for (const info of checker.getIndexInfosOfType(type)) {
      lines.push(`${inner}[key: ${checker.typeToString(info.keyType)}]: ${this.print(info.type, inner, `${where}[]`)};`);
    }
    return lines.length === 0 ? "{}" : `{\n${lines.join("\n")}\n${indent}}`;
  }
}

/** A symbol's doc comment, carried over so that editors show it to the client's users. */
function documentation(checker: ts.TypeChecker, symbol: ts.Symbol, indent: string): string {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  if (!text) return "";
  return `${indent}/** ${text.replaceAll("*/", "*\\/").split("\n").join(`\n${indent} * `)} */\n`;
}

/** What an AsyncIterable output's type is named; such a procedure must be read as a stream. */
const STREAM_OUTPUT = /^Async(?:Generator|Iterable|IterableIterator)</;

function generateRouter() {
  const { program, checker, procedures, errorShape } = serverTypes();
  const printer = new TypePrinter(checker, program);

  /** Nested record of the router: namespace → ... → procedure, as tRPC's client expects it. */
  interface Tree {
    [key: string]: Tree | string;
  }
  const tree: Tree = {};
  const docs = new Map<string, string>();
  const kinds = new Set<string>();
  const published = publishedProcedures();
  for (const { name, type } of published) {
    const segments = name.split(".");
    let owner: ts.Type = procedures;
    let symbol: ts.Symbol | undefined;
    for (const segment of segments) {
      symbol = checker.getPropertyOfType(owner, segment);
      if (!symbol) throw new Error(`${name}: not found in the AppRouter type`);
      owner = checker.getTypeOfSymbol(symbol);
    }
    const types = checker.getTypeOfSymbol(checker.getPropertyOfType(checker.getTypeOfSymbol(checker.getPropertyOfType(owner, "_def")!), "$types")!);
    const indent = "  ".repeat(segments.length);
    const part = (key: "input" | "output") => printer.print(checker.getTypeOfSymbol(checker.getPropertyOfType(types, key)!), `${indent}  `, `${name} ${key}`);
    const output = part("output");
    if (STREAM_OUTPUT.test(output) !== STREAMING_PROCEDURES.has(name)) {
      throw new Error(`${name}: its output ${STREAM_OUTPUT.test(output) ? "is" : "is not"} a stream; shared/streaming-procedures.ts must say so`);
    }
    let node = tree;
    for (const segment of segments.slice(0, -1)) node = (node[segment] ??= {}) as Tree;
    kinds.add(PROCEDURE_TYPE[type]);
    node[segments.at(-1)!] = `${PROCEDURE_TYPE[type]}<{\n${indent}  input: ${part("input")};\n${indent}  output: ${output};\n${indent}  meta: object;\n${indent}}>`;
    docs.set(name, documentation(checker, symbol!, indent));
  }

  const write = (node: Tree, prefix: string, indent: string): string =>
    `{\n${Object.entries(node)
      .map(([key, value]) => {
        const name = prefix ? `${prefix}.${key}` : key;
        const body = typeof value === "string" ? value : write(value, name, `${indent}  `);
        return `${docs.get(name) ?? ""}${indent}  ${propertyName(key)}: ${body};`;
      })
      .join("\n")}\n${indent}}`;
  const record = write(tree, "", "");
  const shape = printer.print(errorShape, "", "errorShape");

  const source = [
    "// Generated by packages/client/generate-router.ts from server/trpc/root.ts (npm run build:client): do not edit.",
    `import type { ${["TRPCBuiltRouter", ...kinds].sort().join(", ")} } from "@trpc/server";`,
    "",
    ...printer.declarations,
    "",
    `/** What a failed call carries: \`TRPCClientError#data\` holds \`code\`, \`httpStatus\` and, for invalid input, \`fieldErrors\`. */`,
    `export type ErrorShape = ${shape};`,
    "",
    "/** The Alephdraad API: every procedure a member's program may call. */",
    `export type AppRouter = TRPCBuiltRouter<{ ctx: object; meta: object; errorShape: ErrorShape; transformer: true }, ${record}>;`,
    "",
  ].join("\n");
  return { source, names: published.map(({ name }) => name), program };
}

const { source, names, program } = generateRouter();
checkAgreement(source, names, program);
writeFileSync(OUTPUT, source);
console.log(`wrote ${path.relative(repo, OUTPUT)}: ${names.length} procedures, checked against the server's types`);
