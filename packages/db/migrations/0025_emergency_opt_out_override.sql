ALTER TABLE "services" ADD COLUMN "emergency_overrides_opt_out" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "emergency_override_basis" text;