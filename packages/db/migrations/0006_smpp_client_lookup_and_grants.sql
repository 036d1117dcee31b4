ALTER TABLE smpp_clients FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO pregon_app;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO pregon_app;--> statement-breakpoint
-- Tables added by later migrations are usable by the application role without another grant.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO pregon_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO pregon_app;--> statement-breakpoint
-- An agency system binding to our SMPP listener names itself by system_id before any tenant is known.
CREATE FUNCTION pregon_resolve_smpp_client(p_system_id text)
RETURNS TABLE (id uuid, tenant_id uuid, password_hash text, max_binds integer, tps integer, revoked boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT c.id, c.tenant_id, c.password_hash, c.max_binds, c.tps, c.revoked_at IS NOT NULL
  FROM smpp_clients c WHERE c.system_id = p_system_id
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_resolve_smpp_client(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_resolve_smpp_client(text) TO pregon_app;
