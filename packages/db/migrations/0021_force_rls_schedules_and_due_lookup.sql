ALTER TABLE schedules FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- The schedules tick finds due schedules before it knows their tenants: ids and tenants only, no
-- spec or name, oldest due first; each is then claimed and run under its own tenant.
CREATE FUNCTION pregon_due_schedules(p_now timestamptz, p_limit integer)
RETURNS TABLE (id uuid, tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT s.id, s.tenant_id FROM schedules s
  WHERE s.enabled AND s.next_run_at <= p_now ORDER BY s.next_run_at, s.id LIMIT p_limit
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_due_schedules(timestamptz, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_due_schedules(timestamptz, integer) TO pregon_app;
