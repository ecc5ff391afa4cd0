import { performance } from "node:perf_hooks";
import type { ServerBuild } from "@remix-run/node";
import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { themeFromCookie } from "../../app/lib/theme.ts";
import { bearerTokenOf } from "../modules/access-token/service.ts";
import { emailSchema, loginInput, usernameSchema, verifyEmailInput } from "../modules/auth/schemas.ts";
import { titleFromQuestion } from "../modules/chat/prompt.ts";
import { urlUnder } from "../modules/chat/providers/http.ts";
import { searchTerms } from "../modules/chat/retrieval.ts";
import { contentTextOf } from "../modules/thread/content-text.ts";
import { MAX_DOCUMENT_BYTES } from "../modules/thread/document-schema.ts";
import { IMAGE_PROTOCOLS, LINK_PROTOCOLS, safeUrl } from "../../shared/safe-url.ts";
import { slugOf } from "../modules/thread/service.ts";
import { securityEventsInput } from "../modules/security/schemas.ts";
import { mentionedUsernames } from "../modules/notification/mentions.ts";
import { MAX_REPLY_LENGTH } from "../modules/reply/service.ts";
import { requestContextFromHeaders } from "../platform/request-context.ts";
import { trimEndOf, trimOf } from "../platform/text.ts";
import { routeLabeller } from "./route-label.ts";

/**
 * Every regular expression that sees outside input, fed the worst input its limits allow.
 * A super-linear pattern takes seconds on these; a linear one, a few milliseconds.
 * The bound is generous so a busy machine never makes it flake, yet far under a second.
 */
const BOUND_MS = 250;

function timed(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** `run` over each input stays under the bound. */
function expectFast(inputs: string[], run: (input: string) => unknown) {
  for (const input of inputs) expect(timed(() => run(input)), `input of ${input.length} chars`).toBeLessThan(BOUND_MS);
}

/** Shapes that hurt backtracking engines: long runs of one character ended by a mismatch. */
function hostile(length: number, alphabet = " \t-./_a0\n"): string[] {
  const shapes: string[] = [];
  for (const char of alphabet) {
    shapes.push(char.repeat(length - 1) + "\u0001", char.repeat(length - 1) + "x", "x" + char.repeat(length - 1));
  }
  shapes.push(" \n".repeat(length / 2), "- ".repeat(length / 2), "a-".repeat(length / 2), "\t \n".repeat(length / 3));
  return shapes.map((shape) => shape.slice(0, length));
}

const paragraphOf = (text: string, pieces = 1) => ({
  type: "doc",
  content: [
    {
      type: "paragraph",
      content: Array.from({ length: pieces }, () => ({ type: "text", text: text.slice(0, Math.ceil(text.length / pieces)) })),
    },
  ],
});

describe("regular expressions on outside input finish fast on their worst input", () => {
  it("contentTextOf: a document of the largest size, all spaces before one letter", () => {
    // The reproduction (30,000 spaces then x), and the size limit's worst case: one
    // paragraph of text nodes (at most 20,000 characters each) filling MAX_DOCUMENT_BYTES.
    expect(timed(() => contentTextOf(paragraphOf(" ".repeat(30_000) + "x", 2)))).toBeLessThan(BOUND_MS);
    const size = MAX_DOCUMENT_BYTES - 1_000;
    for (const text of hostile(size)) {
      expect(timed(() => contentTextOf(paragraphOf(text, 5)))).toBeLessThan(BOUND_MS);
    }
    // Many hard breaks between runs of blanks.
    const broken = {
      type: "doc",
      content: [{ type: "paragraph", content: Array.from({ length: 2_000 }, (_, i) => (i % 2 ? { type: "hardBreak" } : { type: "text", text: " \t".repeat(20) })) }],
    };
    expect(timed(() => contentTextOf(broken))).toBeLessThan(BOUND_MS);
  });

  it("contentTextOf keeps its output: blanks before line ends and empty lines go", () => {
    const doc = {
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "  halo \t" }, { type: "hardBreak" }, { type: "text", text: "   " }] },
        { type: "paragraph", content: [{ type: "text", text: "dunia  x  " }] },
      ],
    };
    expect(contentTextOf(doc)).toBe("halo\ndunia  x");
  });

  it("slugOf: titles far beyond their limit, made of separators", () => {
    expectFast(hostile(20_000), slugOf);
    expect(slugOf("--Halo,   Dunia!--")).toBe("halo-dunia");
    expect(slugOf(`${"a".repeat(79)}-b`)).toBe("a".repeat(79));
    expect(slugOf("---")).toBe("thread");
  });

  it("trim helpers are linear and trim only the given characters", () => {
    expectFast(hostile(200_000), (value) => trimOf(value, " -"));
    expect(trimEndOf("a/b///", "/")).toBe("a/b");
    expect(trimOf("-- a -", "-")).toBe(" a ");
  });

  it("auth and profile schemas: usernames, emails, tokens, cursors", () => {
    // Inputs longer than the max lengths: zod checks the regex even when the length fails.
    expectFast(hostile(10_000, "a-._0"), (value) => usernameSchema.safeParse(value));
    expectFast(hostile(10_000, "a-.@_"), (value) => emailSchema.safeParse(value));
    expectFast(hostile(10_000, "a-_."), (value) => verifyEmailInput.safeParse({ token: value }));
    expectFast(hostile(10_000, "a@.-"), (value) => loginInput.safeParse({ identifier: value, password: value }));
    expectFast(hostile(300, "9a="), (value) => securityEventsInput.safeParse({ cursor: Buffer.from(JSON.stringify({ id: value })).toString("base64url"), limit: 1 }));
  });

  it("links and images in content: URLs of the largest attribute size", () => {
    expectFast(
      hostile(2_000, "/:. a").map((value) => `https://${value}`),
      (value) => [safeUrl(value, LINK_PROTOCOLS), safeUrl(value, IMAGE_PROTOCOLS)],
    );
  });

  it("mentions: a reply or a thread's text of the largest size, runs of username characters and @", () => {
    const mentionAlphabet = "@.-_a0 ";
    expectFast(hostile(MAX_REPLY_LENGTH, mentionAlphabet), mentionedUsernames);
    expectFast(hostile(MAX_DOCUMENT_BYTES, mentionAlphabet), mentionedUsernames);
    expectFast(["@a".repeat(MAX_DOCUMENT_BYTES / 2), `@a${"-".repeat(MAX_DOCUMENT_BYTES)}`], mentionedUsernames);
  });

  it("chat: questions, titles and provider URLs", () => {
    expectFast(hostile(4_000), searchTerms);
    expectFast(hostile(4_000), titleFromQuestion);
    expectFast(hostile(MAX_REPLY_LENGTH * 10, "/ a"), (value) => urlUnder(value, "v1/chat"));
    expect(urlUnder("http://ai.local///", "v1")).toBe("http://ai.local/v1");
  });

  it("headers: trace context, request ids, cookies (a header up to Node's 16 KiB)", () => {
    const header = 16 * 1024;
    expectFast(hostile(header, "0-af "), (value) => requestContextFromHeaders({ requestId: value, traceparent: `00-${value}` }));
    expectFast(hostile(header, "; =t"), (value) => themeFromCookie(value));
    expectFast(["theme=".repeat(header / 6), `${"; ".repeat(header / 2)}x`], (value) => themeFromCookie(value));
  });

  it("the bearer token pattern of the request context", () => {
    expectFast(hostile(16 * 1024).map((value) => `Bearer ${value} x`), (value) => bearerTokenOf(value));
  });

  it("metric route labels: a request path up to Node's 16 KiB header limit", () => {
    const routes = {
      root: { id: "root", path: "" },
      thread: { id: "thread", parentId: "root", path: "t/:id/:slug" },
      splat: { id: "splat", parentId: "root", path: "docs/*" },
      edit: { id: "edit", parentId: "root", path: "t/:id/:slug/sunting" },
    };
    const label = routeLabeller({ routes } as unknown as ServerBuild, []);
    const paths = hostile(16 * 1024, "/a-.").map((value) => `/t/${value}`);
    paths.push(`/${"t/1/".repeat(3_000)}x`, `/docs/${"/".repeat(16_000)}`);
    expectFast(paths, (path) => label({ originalUrl: path } as Request));
    expect(label({ originalUrl: "/t/12/judul/sunting" } as Request)).toBe("/t/:id/:slug/sunting");
  });
});
