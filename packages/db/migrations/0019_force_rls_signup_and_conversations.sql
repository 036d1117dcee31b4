ALTER TABLE signup_verifications FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE conversation_replies FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- The public signup page knows only the agency's slug: its id and name, nothing else.
CREATE FUNCTION pregon_signup_agency(p_slug text)
RETURNS TABLE (id uuid, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT a.id, a.name FROM agencies a WHERE a.slug = p_slug
$$;--> statement-breakpoint
-- Signup codes sent since p_since to a phone and for an address, across agencies (rate limits):
-- counts and the oldest time only (for Retry-After), so no agency learns another's rows.
CREATE FUNCTION pregon_signup_codes_sent(p_phone text, p_ip text, p_since timestamptz)
RETURNS TABLE (by_phone integer, phone_oldest timestamptz, by_ip integer, ip_oldest timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT p.n, p.oldest, i.n, i.oldest
  FROM (SELECT count(*)::integer AS n, min(v.created_at) AS oldest FROM signup_verifications v
        WHERE v.phone = p_phone AND v.created_at > p_since) p,
       (SELECT count(*)::integer AS n, min(v.created_at) AS oldest FROM signup_verifications v
        WHERE v.ip = p_ip AND v.created_at > p_since) i
$$;--> statement-breakpoint
-- The last message a service sent this phone from this number that reached a carrier (not an
-- automatic reply, not a signup code): a reply to the number answers it (conversation handler).
CREATE FUNCTION pregon_last_service_message(p_phone text, p_from text)
RETURNS TABLE (tenant_id uuid, service_id uuid, message_id uuid, created_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT m.tenant_id, m.service_id, m.id, m.created_at FROM messages m
  WHERE m.to_phone = p_phone AND m.from_addr = p_from AND m.service_id IS NOT NULL
    AND m.in_reply_to IS NULL AND m.signup_verification_id IS NULL
    AND m.status IN ('submitted', 'delivered', 'unknown')
  ORDER BY m.created_at DESC LIMIT 1
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_signup_agency(text) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_signup_codes_sent(text, text, timestamptz) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_last_service_message(text, text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_signup_agency(text) TO pregon_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_signup_codes_sent(text, text, timestamptz) TO pregon_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_last_service_message(text, text) TO pregon_app;
