ALTER TABLE saved_lists FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE broadcasts FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE broadcast_recipients FORCE ROW LEVEL SECURITY;
