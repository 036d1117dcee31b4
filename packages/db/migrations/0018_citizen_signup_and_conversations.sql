CREATE TABLE "conversation_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"inbound_message_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"intent" text NOT NULL,
	"argument" text,
	"language" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversation_replies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "signup_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"verified_at" timestamp with time zone,
	"ip" text NOT NULL,
	"user_agent" text,
	"language" text NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"message_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "signup_verifications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "signup_verification_id" uuid;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "web_signup" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "conversation" jsonb;--> statement-breakpoint
ALTER TABLE "conversation_replies" ADD CONSTRAINT "conversation_replies_tenant_id_agencies_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_replies" ADD CONSTRAINT "conversation_replies_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_replies" ADD CONSTRAINT "conversation_replies_inbound_message_id_inbound_messages_id_fk" FOREIGN KEY ("inbound_message_id") REFERENCES "public"."inbound_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_replies" ADD CONSTRAINT "conversation_replies_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signup_verifications" ADD CONSTRAINT "signup_verifications_tenant_id_agencies_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signup_verifications" ADD CONSTRAINT "signup_verifications_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_replies_inbound_idx" ON "conversation_replies" USING btree ("inbound_message_id");--> statement-breakpoint
CREATE INDEX "conversation_replies_message_id_index" ON "conversation_replies" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "conversation_replies_tenant_id_service_id_created_at_index" ON "conversation_replies" USING btree ("tenant_id","service_id","created_at");--> statement-breakpoint
CREATE INDEX "signup_verifications_tenant_id_service_id_phone_created_at_index" ON "signup_verifications" USING btree ("tenant_id","service_id","phone","created_at");--> statement-breakpoint
CREATE INDEX "signup_verifications_phone_idx" ON "signup_verifications" USING btree ("phone","created_at");--> statement-breakpoint
CREATE INDEX "signup_verifications_ip_idx" ON "signup_verifications" USING btree ("ip","created_at");--> statement-breakpoint
CREATE POLICY "conversation_replies_tenant_isolation" ON "conversation_replies" AS PERMISSIVE FOR ALL TO "pregon_app" USING ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on')) WITH CHECK ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on'));--> statement-breakpoint
CREATE POLICY "signup_verifications_tenant_isolation" ON "signup_verifications" AS PERMISSIVE FOR ALL TO "pregon_app" USING ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on')) WITH CHECK ((tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
  or current_setting('app.platform', true) = 'on'));