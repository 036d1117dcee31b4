-- The extra STOP words of every agency with a service on a number (its dedicated owner or a keyword
-- owner), before any tenant is known: the keyword engine reads them with the number's keywords.
CREATE FUNCTION pregon_number_stop_words(p_number_id uuid)
RETURNS TABLE (word text, language text, tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT w.word, w.language, a.id
  FROM agencies a, jsonb_to_recordset(a.stop_words) AS w(word text, language text)
  WHERE a.id IN (
    SELECT n.dedicated_tenant_id FROM inbound_numbers n WHERE n.id = p_number_id AND n.dedicated_tenant_id IS NOT NULL
    UNION SELECT k.tenant_id FROM keywords k WHERE k.number_id = p_number_id
  )
  ORDER BY a.created_at, w.word
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_number_stop_words(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_number_stop_words(uuid) TO pregon_app;
