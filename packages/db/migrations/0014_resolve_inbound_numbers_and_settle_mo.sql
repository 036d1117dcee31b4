-- The keyword engine meets an MO before it knows the tenant. Each function takes one key and returns
-- a few columns, so no application path holds a general way around row-level security. They run as
-- the migration owner (0002).

-- The MO of a batch not yet handled: what the engine needs to match it, nothing else.
CREATE FUNCTION pregon_inbound_to_process(p_ids uuid[])
RETURNS TABLE (id uuid, source text, destination text, text text, complete boolean, received_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT m.id, m.source, m.destination, m.text, m.complete, m.received_at FROM inbound_messages m
  WHERE m.id = ANY (p_ids) AND m.processed_at IS NULL ORDER BY m.received_at, m.id
$$;--> statement-breakpoint
-- Every word that answers on one number, across the agencies sharing it.
CREATE FUNCTION pregon_number_keywords(p_number_id uuid)
RETURNS TABLE (word text, language text, keyword_id uuid, keyword text, tenant_id uuid, service_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT w.word, w.language, k.id, k.keyword, k.tenant_id, k.service_id
  FROM keyword_words w JOIN keywords k ON k.id = w.keyword_id
  WHERE w.number_id = p_number_id ORDER BY k.created_at, w.word
$$;--> statement-breakpoint
-- Who last wrote to this phone from this number (STOP on a shared number leaves that service).
CREATE FUNCTION pregon_last_contact(p_phone text, p_from text)
RETURNS TABLE (tenant_id uuid, service_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT m.tenant_id, m.service_id FROM messages m
  WHERE m.to_phone = p_phone AND m.from_addr = p_from ORDER BY m.created_at DESC LIMIT 1
$$;--> statement-breakpoint
-- Marks an MO handled, in the caller's transaction; with p_assign it becomes the caller's tenant's
-- (and p_service_id's, which must be that tenant's). False when it was already handled.
CREATE FUNCTION pregon_settle_inbound(p_id uuid, p_service_id uuid, p_assign boolean)
RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH tenant AS (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid AS id),
  settled AS (
    UPDATE inbound_messages m SET processed_at = now(),
      tenant_id = CASE WHEN p_assign THEN (SELECT id FROM tenant) END,
      service_id = CASE WHEN p_assign THEN p_service_id END
    WHERE m.id = p_id AND m.processed_at IS NULL
      AND (NOT p_assign OR (SELECT id FROM tenant) IS NOT NULL)
      AND (NOT p_assign OR p_service_id IS NULL OR EXISTS (
        SELECT 1 FROM services s WHERE s.id = p_service_id AND s.tenant_id = (SELECT id FROM tenant)))
    RETURNING 1)
  SELECT EXISTS (SELECT 1 FROM settled)
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_inbound_to_process(uuid[]) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_number_keywords(uuid) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_last_contact(text, text) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_settle_inbound(uuid, uuid, boolean) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_inbound_to_process(uuid[]) TO pregon_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_number_keywords(uuid) TO pregon_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_last_contact(text, text) TO pregon_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_settle_inbound(uuid, uuid, boolean) TO pregon_app;
