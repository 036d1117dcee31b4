CREATE TABLE "daily_message_stats" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"service_id" uuid,
	"lane" text NOT NULL,
	"queued" integer DEFAULT 0 NOT NULL,
	"delivered" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"expired" integer DEFAULT 0 NOT NULL,
	"cancelled" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"unknown" integer DEFAULT 0 NOT NULL,
	"segments" bigint DEFAULT 0 NOT NULL,
	"spend" numeric(16, 5) DEFAULT '0' NOT NULL,
	CONSTRAINT "daily_message_stats_key" UNIQUE NULLS NOT DISTINCT("tenant_id","day","service_id","lane")
);
--> statement-breakpoint
ALTER TABLE "daily_message_stats" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "agency_quotas" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"daily_messages_warn" integer,
	"daily_messages_block" integer,
	"monthly_messages_warn" integer,
	"monthly_messages_block" integer,
	"monthly_spend_warn" numeric(16, 5),
	"monthly_spend_block" numeric(16, 5),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agency_quotas" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "quota_warnings" (
	"tenant_id" uuid NOT NULL,
	"quota" text NOT NULL,
	"period_start" date NOT NULL,
	"used" numeric(16, 5) NOT NULL,
	"level" numeric(16, 5) NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quota_warnings_tenant_id_quota_period_start_pk" PRIMARY KEY("tenant_id","quota","period_start")
);
--> statement-breakpoint
ALTER TABLE "quota_warnings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "daily_message_stats" ADD CONSTRAINT "daily_message_stats_tenant_id_agencies_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_quotas" ADD CONSTRAINT "agency_quotas_tenant_id_agencies_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_warnings" ADD CONSTRAINT "quota_warnings_tenant_id_agencies_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "daily_message_stats_tenant_isolation" ON "daily_message_stats" AS PERMISSIVE FOR ALL TO "pregon_app" USING ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on')) WITH CHECK ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on'));--> statement-breakpoint
CREATE POLICY "agency_quotas_tenant_isolation" ON "agency_quotas" AS PERMISSIVE FOR ALL TO "pregon_app" USING ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on')) WITH CHECK ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on'));--> statement-breakpoint
CREATE POLICY "quota_warnings_tenant_isolation" ON "quota_warnings" AS PERMISSIVE FOR ALL TO "pregon_app" USING ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on')) WITH CHECK ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on'));