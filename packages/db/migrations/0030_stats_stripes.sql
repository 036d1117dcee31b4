ALTER TABLE "daily_message_stats" DROP CONSTRAINT "daily_message_stats_key";--> statement-breakpoint
ALTER TABLE "daily_message_stats" ADD COLUMN "stripe" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "daily_message_stats" ADD CONSTRAINT "daily_message_stats_key" UNIQUE NULLS NOT DISTINCT("tenant_id","day","service_id","lane","stripe");