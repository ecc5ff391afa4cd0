import { z } from "zod";
import { cursorInput, pageLimit } from "../pagination.ts";
import { bigRowId, rowId } from "../schemas.ts";
import { WEBHOOK_EVENT_TYPES } from "./events.ts";
import * as m from "../../../shared/paraglide/messages/_index.js";

const url = z.string().trim().min(1, { error: () => m.input_webhook_urlRequired() }).max(2048, { error: () => m.input_webhook_urlTooLong() });
const description = z.string().trim().max(200, { error: () => m.input_webhook_descriptionTooLong() });
const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: () => m.input_webhook_eventUnknown() }))
  .min(1, { error: () => m.input_webhook_eventsRequired() })
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((list) => [...new Set(list)]);

export const createEndpointInput = z.object({ url, description: description.default(""), events });

export const updateEndpointInput = z.object({
  id: rowId,
  url: url.optional(),
  description: description.optional(),
  events: events.optional(),
  /** true turns a disabled endpoint on again (its failure count starts over). */
  enabled: z.boolean().optional(),
});

export const endpointIdInput = z.object({ id: rowId });

export const deliveriesInput = z.object({
  endpointId: rowId,
  cursor: cursorInput(z.object({ id: bigRowId })).optional(),
  limit: pageLimit,
});

export const deliveryIdInput = z.object({ id: bigRowId });
