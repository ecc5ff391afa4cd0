import { json } from "@remix-run/node";
import type { ServerCaller } from "../../server/trpc/root.ts";
import { formFields, type submitForm } from "./form-action.server.ts";

/*
 * The loader and action of the two webhook pages (/pengaturan/webhook for a member's own
 * endpoints, /admin/webhook for the forum's): the same forms on `webhook.*` or `admin.webhooks.*`.
 */

export type WebhookApi = ServerCaller["webhook"] | ServerCaller["admin"]["webhooks"];

/** The endpoints, the events they may choose, and the delivery log of the one chosen (`?endpoint=`, paged by `?cursor=`). */
export async function webhookPageData(api: WebhookApi, url: URL, load: <T>(call: Promise<T>) => Promise<T>) {
  const endpointId = Number(url.searchParams.get("endpoint"));
  const [endpoints, events] = await Promise.all([load(api.list()), load(api.events())]);
  const selected = Number.isSafeInteger(endpointId) && endpoints.some((endpoint) => endpoint.id === endpointId) ? endpointId : null;
  const deliveries = selected === null ? null : await load(api.deliveries({ endpointId: selected, cursor: url.searchParams.get("cursor") ?? undefined }));
  return { endpoints, events: [...events], selected, deliveries };
}

type Submit = <T>(call: Promise<T>) => ReturnType<typeof submitForm<T>>;

/** One of the page's forms: create, enable/disable, rotate the secret, delete, redeliver. */
export async function webhookPageAction(api: WebhookApi, form: FormData, submit: Submit) {
  const fields = formFields(form, ["intent", "id", "url", "description"]);
  const id = Number(fields.id);
  switch (fields.intent) {
    case "create": {
      const events = form.getAll("events").map(String) as Parameters<WebhookApi["create"]>[0]["events"];
      const result = await submit(api.create({ url: fields.url, description: fields.description, events }));
      return result.ok ? json({ secret: { url: result.data.url, value: result.data.secret } }) : result.response;
    }
    case "rotate": {
      const result = await submit(api.rotateSecret({ id }));
      return result.ok ? json({ secret: { url: result.data.url, value: result.data.secret } }) : result.response;
    }
    case "enable":
    case "disable": {
      const result = await submit(api.update({ id, enabled: fields.intent === "enable" }));
      return result.ok ? json({ done: fields.intent }) : result.response;
    }
    case "delete": {
      const result = await submit(api.delete({ id }));
      return result.ok ? json({ done: "delete" as const }) : result.response;
    }
    default: {
      const result = await submit(api.redeliver({ id: fields.id }));
      return result.ok ? json({ done: "redeliver" as const }) : result.response;
    }
  }
}
