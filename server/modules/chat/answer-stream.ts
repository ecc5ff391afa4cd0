import type { SendResult } from "./service.ts";

export type AnswerEvent = { type: "delta"; text: string } | { type: "done"; result: SendResult };

/**
 * A send as a stream of events: the answer's pieces as the provider produces them (pieces that
 * arrive while the consumer is busy are merged), then the result, or the send's error thrown.
 */
export async function* answerStream(
  send: (onDelta: (text: string) => void) => Promise<SendResult>,
): AsyncGenerator<AnswerEvent> {
  const pending: string[] = [];
  // A holder, so the checks below see what the callbacks wrote.
  const finished: { outcome: { ok: true; result: SendResult } | { ok: false; error: unknown } | null } = { outcome: null };
  let wake: (() => void) | null = null;
  void send((text) => {
    pending.push(text);
    wake?.();
  }).then(
    (result) => {
      finished.outcome = { ok: true, result };
      wake?.();
    },
    (error: unknown) => {
      finished.outcome = { ok: false, error };
      wake?.();
    },
  );
  for (;;) {
    if (pending.length > 0) {
      yield { type: "delta", text: pending.splice(0).join("") };
    } else if (finished.outcome) {
      if (!finished.outcome.ok) throw finished.outcome.error;
      yield { type: "done", result: finished.outcome.result };
      return;
    } else {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  }
}
