CREATE TABLE "inbound_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"carrier_id" uuid NOT NULL,
	"source" text NOT NULL,
	"destination" text NOT NULL,
	"text" text NOT NULL,
	"data_coding" integer NOT NULL,
	"parts" integer DEFAULT 1 NOT NULL,
	"complete" boolean DEFAULT true NOT NULL,
	"missing" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"tenant_id" uuid,
	"service_id" uuid
);
--> statement-breakpoint
ALTER TABLE "inbound_messages" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_tenant_id_agencies_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inbound_messages_tenant_id_received_at_index" ON "inbound_messages" USING btree ("tenant_id","received_at");--> statement-breakpoint
CREATE INDEX "inbound_messages_unassigned_idx" ON "inbound_messages" USING btree ("received_at") WHERE tenant_id is null;--> statement-breakpoint
CREATE POLICY "inbound_messages_tenant_isolation" ON "inbound_messages" AS PERMISSIVE FOR ALL TO "pregon_app" USING ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on')) WITH CHECK ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on'));--> statement-breakpoint
ALTER TABLE inbound_messages FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- MO arrives before its tenant is known. Instead of a policy letting pregon_app write ownerless rows
-- (every tenant transaction could then plant or read them), this one function inserts them, only with
-- tenant_id and service_id null, and returns nothing but the new ids. Runs as the migration owner (0002).
CREATE FUNCTION pregon_record_inbound(p_rows jsonb)
RETURNS SETOF uuid
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO inbound_messages
    (carrier_id, source, destination, text, data_coding, parts, complete, missing, received_at)
  SELECT r.carrier_id, r.source, r.destination, r.text, r.data_coding, r.parts, r.complete,
         coalesce(r.missing, '{}'), coalesce(r.received_at, now())
  FROM jsonb_to_recordset(p_rows) AS r(carrier_id uuid, source text, destination text, text text,
    data_coding integer, parts integer, complete boolean, missing integer[], received_at timestamptz)
  RETURNING id
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_record_inbound(jsonb) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_record_inbound(jsonb) TO pregon_app;
