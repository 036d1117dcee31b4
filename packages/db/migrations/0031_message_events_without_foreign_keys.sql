ALTER TABLE "message_events" DROP CONSTRAINT "message_events_tenant_id_agencies_id_fk";
--> statement-breakpoint
ALTER TABLE "message_events" DROP CONSTRAINT "message_events_message_id_messages_id_fk";
