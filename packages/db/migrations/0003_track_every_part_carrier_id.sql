DROP INDEX "messages_carrier_id_carrier_message_id_index";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "carrier_message_ids" text[];--> statement-breakpoint
CREATE INDEX "messages_carrier_message_ids_idx" ON "messages" USING gin ("carrier_message_ids");