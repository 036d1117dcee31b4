ALTER TABLE keywords FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE keyword_words FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE subscribers FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE consents FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE opt_outs FORCE ROW LEVEL SECURITY;
