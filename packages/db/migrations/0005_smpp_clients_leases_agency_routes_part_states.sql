CREATE TABLE "smpp_clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"system_id" text NOT NULL,
	"password_hash" text NOT NULL,
	"max_binds" integer DEFAULT 4 NOT NULL,
	"tps" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "smpp_clients_systemId_unique" UNIQUE("system_id")
);
--> statement-breakpoint
ALTER TABLE "smpp_clients" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "routes" DROP CONSTRAINT "routes_prefix_carrierId_unique";--> statement-breakpoint
ALTER TABLE "carrier_links" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "carrier_links" ADD COLUMN "last_enquire_link_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "carriers" ADD COLUMN "dest_ton" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "carriers" ADD COLUMN "dest_npi" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "routes" ADD COLUMN "agency_id" uuid;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "part_states" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "origin" text DEFAULT 'api' NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "smpp_client_id" uuid;--> statement-breakpoint
ALTER TABLE "smpp_clients" ADD CONSTRAINT "smpp_clients_tenant_id_agencies_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routes" ADD CONSTRAINT "routes_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routes" ADD CONSTRAINT "routes_prefix_carrierId_agencyId_unique" UNIQUE NULLS NOT DISTINCT("prefix","carrier_id","agency_id");--> statement-breakpoint
CREATE POLICY "smpp_clients_tenant_isolation" ON "smpp_clients" AS PERMISSIVE FOR ALL TO "pregon_app" USING ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on')) WITH CHECK ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on'));