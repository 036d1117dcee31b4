CREATE TABLE "broadcast_recipients" (
	"tenant_id" uuid NOT NULL,
	"broadcast_id" uuid NOT NULL,
	"row" integer NOT NULL,
	"phone" text NOT NULL,
	"language" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "broadcast_recipients_broadcast_id_row_pk" PRIMARY KEY("broadcast_id","row"),
	CONSTRAINT "broadcast_recipients_broadcastId_phone_unique" UNIQUE("broadcast_id","phone")
);
--> statement-breakpoint
ALTER TABLE "broadcast_recipients" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "broadcasts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"api_key_id" uuid,
	"name" text NOT NULL,
	"reference" text,
	"target" jsonb NOT NULL,
	"templates" jsonb NOT NULL,
	"default_language" text NOT NULL,
	"from_addr" text NOT NULL,
	"lane" text NOT NULL,
	"send_at" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"status" text NOT NULL,
	"supersedes_id" uuid,
	"cursor" text,
	"targeted" integer,
	"fanned_out" integer DEFAULT 0 NOT NULL,
	"created_by" jsonb,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "broadcasts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "saved_lists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"name" text NOT NULL,
	"filter" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saved_lists_serviceId_name_unique" UNIQUE("service_id","name")
);
--> statement-breakpoint
ALTER TABLE "saved_lists" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "broadcast_id" uuid;--> statement-breakpoint
ALTER TABLE "broadcast_recipients" ADD CONSTRAINT "broadcast_recipients_tenant_id_agencies_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcast_recipients" ADD CONSTRAINT "broadcast_recipients_broadcast_id_broadcasts_id_fk" FOREIGN KEY ("broadcast_id") REFERENCES "public"."broadcasts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_tenant_id_agencies_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_supersedes_id_broadcasts_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."broadcasts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_lists" ADD CONSTRAINT "saved_lists_tenant_id_agencies_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_lists" ADD CONSTRAINT "saved_lists_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "broadcasts_tenant_id_created_at_index" ON "broadcasts" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "broadcasts_supersedes_id_index" ON "broadcasts" USING btree ("supersedes_id");--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_broadcast_id_broadcasts_id_fk" FOREIGN KEY ("broadcast_id") REFERENCES "public"."broadcasts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_broadcast_status_idx" ON "messages" USING btree ("broadcast_id","status") WHERE broadcast_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_broadcast_recipient_idx" ON "messages" USING btree ("broadcast_id","to_phone") WHERE broadcast_id is not null and body <> '';--> statement-breakpoint
CREATE POLICY "broadcast_recipients_tenant_isolation" ON "broadcast_recipients" AS PERMISSIVE FOR ALL TO "pregon_app" USING ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on')) WITH CHECK ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on'));--> statement-breakpoint
CREATE POLICY "broadcasts_tenant_isolation" ON "broadcasts" AS PERMISSIVE FOR ALL TO "pregon_app" USING ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on')) WITH CHECK ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on'));--> statement-breakpoint
CREATE POLICY "saved_lists_tenant_isolation" ON "saved_lists" AS PERMISSIVE FOR ALL TO "pregon_app" USING ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on')) WITH CHECK ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on'));