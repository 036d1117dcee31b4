-- Owners are subject to the policies too (defence in depth for scripts run as the owner).
ALTER TABLE agencies FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE services FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE senders FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE messages FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE message_events FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO pregon_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO pregon_app;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO pregon_app;--> statement-breakpoint
-- The three lookups that must find a row before the tenant is known. Each is narrow (one key in,
-- a few columns out), so no application path holds a general way around row-level security.
-- They run as the migration owner, which must be a superuser or hold BYPASSRLS.
CREATE FUNCTION pregon_resolve_api_key(p_secret_hash text)
RETURNS TABLE (id uuid, tenant_id uuid, mode text, revoked boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT k.id, k.tenant_id, k.mode, k.revoked_at IS NOT NULL FROM api_keys k WHERE k.secret_hash = p_secret_hash
$$;--> statement-breakpoint
CREATE FUNCTION pregon_user_memberships(p_user_id uuid)
RETURNS TABLE (tenant_id uuid, slug text, name text, kind text, role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT a.id, a.slug, a.name, a.kind, m.role
  FROM memberships m JOIN agencies a ON a.id = m.tenant_id
  WHERE m.user_id = p_user_id ORDER BY a.kind, a.name
$$;--> statement-breakpoint
CREATE FUNCTION pregon_resolve_carrier_messages(p_carrier_id uuid, p_ids text[])
RETURNS TABLE (carrier_message_id text, message_id uuid, tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT m.carrier_message_id, m.id, m.tenant_id FROM messages m
  WHERE m.carrier_id = p_carrier_id AND m.carrier_message_id = ANY (p_ids)
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_resolve_api_key(text) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_user_memberships(uuid) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_resolve_carrier_messages(uuid, text[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_resolve_api_key(text) TO pregon_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_user_memberships(uuid) TO pregon_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_resolve_carrier_messages(uuid, text[]) TO pregon_app;
