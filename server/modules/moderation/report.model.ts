import { Schema, type InferSchemaType } from "mongoose";
import { defineModel, integer, prefixedId } from "../../platform/db/mongo-schema.ts";

export const REPORT_TARGET_TYPES = ["thread", "reply", "user"] as const;
export type ReportTargetType = (typeof REPORT_TARGET_TYPES)[number];
export const REPORT_STATUSES = ["pending", "resolved", "dismissed"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

const reportSchema = new Schema(
  {
    _id: prefixedId("rpt"),
    reporterId: { type: Number, required: true, validate: integer },
    targetType: { type: String, required: true, enum: REPORT_TARGET_TYPES },
    /** A thread or user id from PostgreSQL as a string, or a reply id (`rpl_…`). */
    targetId: { type: String, required: true },
    /** Short reason code chosen by the reporter, e.g. "spam". */
    reason: { type: String, required: true },
    details: { type: String, default: "" },
    status: { type: String, required: true, enum: REPORT_STATUSES, default: "pending" },
    /** admins.id of who resolved or dismissed it. */
    resolvedBy: { type: Number, default: null, validate: integer },
    resolvedAt: { type: Date, default: null },
    /** The admin's note on the decision. */
    resolution: { type: String, default: null },
    /**
     * Unique: `<reporterId>:<targetType>:<targetId>` while pending, the report's own _id once
     * decided. One plain unique index (FerretDB has no partial ones, and its conditional
     * updates are not isolated) makes "one open report per member per target" a single atomic
     * insert, also under concurrent double submits.
     */
    openKey: { type: String, required: true },
  },
  { collection: "reports", timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

// The admin queue: by status, oldest first (read in either direction).
reportSchema.index({ status: 1, createdAt: -1 });
reportSchema.index({ openKey: 1 }, { unique: true });
// A member's own reports, newest first.
reportSchema.index({ reporterId: 1, createdAt: -1 });
reportSchema.index({ targetType: 1, targetId: 1 });

export type Report = InferSchemaType<typeof reportSchema>;
export const ReportModel = defineModel("Report", reportSchema);

/** The openKey of a pending report. */
export const pendingReportKey = (reporterId: number, targetType: ReportTargetType, targetId: string) =>
  `${reporterId}:${targetType}:${targetId}`;
