CREATE TABLE "inbound_numbers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"sender" text NOT NULL,
	"dedicated_tenant_id" uuid,
	"dedicated_service_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_numbers_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "keyword_words" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"keyword_id" uuid NOT NULL,
	"number_id" uuid NOT NULL,
	"word" text NOT NULL,
	"language" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "keyword_words" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "keywords" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"number_id" uuid NOT NULL,
	"keyword" text NOT NULL,
	"language" text NOT NULL,
	"aliases" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"arg_attribute" text,
	"arg_values" text[],
	"double_opt_in" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "keywords" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "opt_outs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"service_id" uuid,
	"number" text,
	"source" text NOT NULL,
	"inbound_message_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_inbound_message_id" uuid
);
--> statement-breakpoint
ALTER TABLE "opt_outs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"subscriber_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"inbound_message_id" uuid,
	"detail" jsonb,
	"language" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consents" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "subscribers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"status" text NOT NULL,
	"language" text NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"pending_until" timestamp with time zone,
	"pending_inbound_message_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscribers_serviceId_phone_unique" UNIQUE("service_id","phone")
);
--> statement-breakpoint
ALTER TABLE "subscribers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "processed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "in_reply_to" uuid;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "contact_text" text;--> statement-breakpoint
ALTER TABLE "inbound_numbers" ADD CONSTRAINT "inbound_numbers_dedicated_tenant_id_agencies_id_fk" FOREIGN KEY ("dedicated_tenant_id") REFERENCES "public"."agencies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_numbers" ADD CONSTRAINT "inbound_numbers_dedicated_service_id_services_id_fk" FOREIGN KEY ("dedicated_service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keyword_words" ADD CONSTRAINT "keyword_words_tenant_id_agencies_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keyword_words" ADD CONSTRAINT "keyword_words_keyword_id_keywords_id_fk" FOREIGN KEY ("keyword_id") REFERENCES "public"."keywords"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keyword_words" ADD CONSTRAINT "keyword_words_number_id_inbound_numbers_id_fk" FOREIGN KEY ("number_id") REFERENCES "public"."inbound_numbers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywords" ADD CONSTRAINT "keywords_tenant_id_agencies_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywords" ADD CONSTRAINT "keywords_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "keywords" ADD CONSTRAINT "keywords_number_id_inbound_numbers_id_fk" FOREIGN KEY ("number_id") REFERENCES "public"."inbound_numbers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_outs" ADD CONSTRAINT "opt_outs_tenant_id_agencies_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_outs" ADD CONSTRAINT "opt_outs_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_outs" ADD CONSTRAINT "opt_outs_inbound_message_id_inbound_messages_id_fk" FOREIGN KEY ("inbound_message_id") REFERENCES "public"."inbound_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_tenant_id_agencies_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_subscriber_id_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_inbound_message_id_inbound_messages_id_fk" FOREIGN KEY ("inbound_message_id") REFERENCES "public"."inbound_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscribers" ADD CONSTRAINT "subscribers_tenant_id_agencies_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscribers" ADD CONSTRAINT "subscribers_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "keyword_words_number_word_idx" ON "keyword_words" USING btree ("number_id","word");--> statement-breakpoint
CREATE INDEX "keywords_tenant_id_service_id_index" ON "keywords" USING btree ("tenant_id","service_id");--> statement-breakpoint
CREATE INDEX "opt_outs_active_idx" ON "opt_outs" USING btree ("tenant_id","phone") WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX "consents_subscriber_id_index" ON "consents" USING btree ("subscriber_id");--> statement-breakpoint
CREATE INDEX "subscribers_tenant_id_phone_index" ON "subscribers" USING btree ("tenant_id","phone");--> statement-breakpoint
CREATE INDEX "messages_last_contact_idx" ON "messages" USING btree ("to_phone","from_addr","created_at");--> statement-breakpoint
CREATE POLICY "keyword_words_tenant_isolation" ON "keyword_words" AS PERMISSIVE FOR ALL TO "pregon_app" USING ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on')) WITH CHECK ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on'));--> statement-breakpoint
CREATE POLICY "keywords_tenant_isolation" ON "keywords" AS PERMISSIVE FOR ALL TO "pregon_app" USING ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on')) WITH CHECK ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on'));--> statement-breakpoint
CREATE POLICY "opt_outs_tenant_isolation" ON "opt_outs" AS PERMISSIVE FOR ALL TO "pregon_app" USING ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on')) WITH CHECK ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on'));--> statement-breakpoint
CREATE POLICY "consents_tenant_isolation" ON "consents" AS PERMISSIVE FOR ALL TO "pregon_app" USING ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on')) WITH CHECK ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on'));--> statement-breakpoint
CREATE POLICY "subscribers_tenant_isolation" ON "subscribers" AS PERMISSIVE FOR ALL TO "pregon_app" USING ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on')) WITH CHECK ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on'));