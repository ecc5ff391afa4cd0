import type { Model } from "mongoose";
import { ChatMessageModel, ChatSessionModel } from "./chat/chat.model.ts";
import { DocumentModel } from "./document/document.model.ts";
import { DeviceBanModel } from "./moderation/device-ban.model.ts";
import { ReportModel } from "./moderation/report.model.ts";
import { UserWarningModel } from "./moderation/user-warning.model.ts";
import { PaymentOrderModel } from "./payment/payment-order.model.ts";
import { ReactionModel } from "./reaction/reaction.model.ts";
import { ReplyModel } from "./reply/reply.model.ts";
import { TransactionModel, WalletModel, WalletStateModel } from "./wallet/wallet.model.ts";

/** Every Mongoose model of the application, by model name. */
export const mongoModels = {
  Reply: ReplyModel,
  Reaction: ReactionModel,
  Wallet: WalletModel,
  Transaction: TransactionModel,
  WalletState: WalletStateModel,
  PaymentOrder: PaymentOrderModel,
  ChatSession: ChatSessionModel,
  ChatMessage: ChatMessageModel,
  Document: DocumentModel,
  Report: ReportModel,
  UserWarning: UserWarningModel,
  DeviceBan: DeviceBanModel,
};

/**
 * Creates each collection and the indexes its schema declares, on the connection opened by
 * connectMongo(); call it once at start. Idempotent: existing collections and identical indexes
 * are left alone. Indexes the schemas no longer declare are not dropped (unlike syncIndexes),
 * so a deploy never removes an index by surprise. An index that exists with other options fails
 * the start with the server's error rather than being rebuilt silently.
 */
export async function syncMongoIndexes(): Promise<void> {
  const models: Pick<Model<unknown>, "createCollection" | "createIndexes" | "collection">[] =
    Object.values(mongoModels);
  for (const model of models) {
    await model.createCollection();
    try {
      await model.createIndexes();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Cannot build the indexes of ${model.collection.collectionName}: ${reason}`, {
        cause: error,
      });
    }
  }
}
