import { z } from "zod";
import { cursorInput, pageLimit } from "../pagination.ts";
import { bigRowId, rowId } from "../schemas.ts";
import { WEBHOOK_EVENT_TYPES } from "./events.ts";

const url = z.string().trim().min(1, "Isi alamat endpoint.").max(2048, "Alamat endpoint maksimal 2.048 karakter.");
const description = z.string().trim().max(200, "Keterangan maksimal 200 karakter.");
const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, "Jenis event tidak dikenal."))
  .min(1, "Pilih setidaknya satu event.")
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
