import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { subscribeLive, type LiveHandlers } from "./live.ts";

/** A stand-in EventSource: records what the page opened and lets a test play the server. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(type: string, data: unknown, lastEventId = "") {
    for (const listener of this.listeners.get(type) ?? []) listener({ data: JSON.stringify(data), lastEventId } as MessageEvent<string>);
  }
  /** The server refused the connection (a 429 or 503): the browser gives up on it. */
  refuse() {
    this.readyState = FakeEventSource.CLOSED;
    this.onerror?.();
  }
  get channels() {
    return new URL(this.url, "http://localhost").searchParams.get("channels");
  }
}

const handlersOf = (handlers: LiveHandlers) => ({ current: handlers });
const live = () => FakeEventSource.opened.filter((source) => source.readyState !== FakeEventSource.CLOSED);

beforeEach(() => {
  FakeEventSource.opened = [];
  vi.stubGlobal("EventSource", FakeEventSource);
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("the page's live connection", () => {
  it("opens one EventSource for every hook's channels and dispatches each event to its handlers", () => {
    const replies: string[] = [];
    const unread: number[] = [];
    const stopThread = subscribeLive(["thread:7"], handlersOf({ "reply.created": (data) => replies.push(data.replyId) }));
    const stopBell = subscribeLive(["me"], handlersOf({ notifications: (data) => unread.push(data.unread) }));
    expect(live()).toHaveLength(1);
    expect(live()[0]!.channels).toBe("me,thread:7");
    live()[0]!.emit("reply.created", { replyId: "rpl_1", parentReplyId: null }, "10");
    live()[0]!.emit("notifications", { unread: 4 }, "11");
    expect(replies).toEqual(["rpl_1"]);
    expect(unread).toEqual([4]);

    stopThread();
    expect(live().map((source) => source.channels)).toEqual(["me"]);
    stopBell();
    expect(live()).toEqual([]);
  });

  it("tries again later when the server refuses, resuming from the last event id", () => {
    const stop = subscribeLive(["thread:8"], handlersOf({}));
    const first = live()[0]!;
    first.emit("reactions", { counts: { like: 1 } }, "42");
    first.refuse();
    expect(live()).toEqual([]);
    vi.advanceTimersByTime(10_000);
    expect(live()).toHaveLength(1);
    expect(new URL(live()[0]!.url, "http://localhost").searchParams.get("lastEventId")).toBe("42");
    stop();
    expect(live()).toEqual([]);
    // A retry pending when the page left does not open anything.
    vi.advanceTimersByTime(120_000);
    expect(live()).toEqual([]);
  });
});
