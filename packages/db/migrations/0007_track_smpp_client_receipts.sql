ALTER TABLE "messages" ADD COLUMN "smpp_receipt_requested" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "smpp_receipt_sent_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "messages_smpp_receipts_owed_idx" ON "messages" USING btree ("smpp_client_id") WHERE smpp_receipt_requested and smpp_receipt_sent_at is null;