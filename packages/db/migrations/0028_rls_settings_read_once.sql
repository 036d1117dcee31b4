ALTER POLICY "agencies_tenant_isolation" ON "agencies" TO pregon_app USING ((id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "api_keys_tenant_isolation" ON "api_keys" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "audit_events_tenant_isolation" ON "audit_events" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "broadcast_recipients_tenant_isolation" ON "broadcast_recipients" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "broadcasts_tenant_isolation" ON "broadcasts" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "saved_lists_tenant_isolation" ON "saved_lists" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "conversation_replies_tenant_isolation" ON "conversation_replies" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "signup_verifications_tenant_isolation" ON "signup_verifications" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "inbound_messages_tenant_isolation" ON "inbound_messages" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "keyword_words_tenant_isolation" ON "keyword_words" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "keywords_tenant_isolation" ON "keywords" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "daily_message_stats_tenant_isolation" ON "daily_message_stats" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "idempotency_keys_tenant_isolation" ON "idempotency_keys" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "message_events_tenant_isolation" ON "message_events" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "messages_tenant_isolation" ON "messages" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "opt_outs_tenant_isolation" ON "opt_outs" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "agency_quotas_tenant_isolation" ON "agency_quotas" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "quota_warnings_tenant_isolation" ON "quota_warnings" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "schedules_tenant_isolation" ON "schedules" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "senders_tenant_isolation" ON "senders" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "services_tenant_isolation" ON "services" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "smpp_clients_tenant_isolation" ON "smpp_clients" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "consents_tenant_isolation" ON "consents" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "subscribers_tenant_isolation" ON "subscribers" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "memberships_tenant_isolation" ON "memberships" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "webhook_attempts_tenant_isolation" ON "webhook_attempts" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));--> statement-breakpoint
ALTER POLICY "webhooks_tenant_isolation" ON "webhooks" TO pregon_app USING ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on'))) WITH CHECK ((tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)
  or (select current_setting('app.platform', true) = 'on')));