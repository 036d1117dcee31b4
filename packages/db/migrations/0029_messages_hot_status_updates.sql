DROP INDEX "messages_broadcast_status_idx";--> statement-breakpoint
CREATE INDEX "messages_broadcast_id_idx" ON "messages" USING btree ("broadcast_id","id") WHERE broadcast_id is not null;--> statement-breakpoint
-- Room on every page for the new versions of its rows: a status change (queued, claimed, delivered)
-- then writes its new version beside the old one and touches no index (a HOT update). Existing pages
-- keep their layout; the setting applies to pages written from now on.
ALTER TABLE "messages" SET (fillfactor = 75);
