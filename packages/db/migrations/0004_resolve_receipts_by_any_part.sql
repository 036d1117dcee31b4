-- Receipts name the id of one part; look them up through the GIN index on every part's id.
CREATE OR REPLACE FUNCTION pregon_resolve_carrier_messages(p_carrier_id uuid, p_ids text[])
RETURNS TABLE (carrier_message_id text, message_id uuid, tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT part_id, m.id, m.tenant_id
  FROM messages m, unnest(m.carrier_message_ids) AS part_id
  WHERE m.carrier_id = p_carrier_id AND m.carrier_message_ids && p_ids AND part_id = ANY (p_ids)
$$;
