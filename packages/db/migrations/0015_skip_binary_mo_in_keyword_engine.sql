-- The keyword engine must not read binary MO (8-bit data_coding, stored as hex) as text, so its lookup
-- also returns data_coding. A function's result columns cannot change with CREATE OR REPLACE, hence the
-- drop; grants as in 0014. Runs as the migration owner (0002).
DROP FUNCTION pregon_inbound_to_process(uuid[]);--> statement-breakpoint
CREATE FUNCTION pregon_inbound_to_process(p_ids uuid[])
RETURNS TABLE (id uuid, source text, destination text, text text, complete boolean, received_at timestamptz,
  data_coding integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT m.id, m.source, m.destination, m.text, m.complete, m.received_at, m.data_coding FROM inbound_messages m
  WHERE m.id = ANY (p_ids) AND m.processed_at IS NULL ORDER BY m.received_at, m.id
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_inbound_to_process(uuid[]) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_inbound_to_process(uuid[]) TO pregon_app;
