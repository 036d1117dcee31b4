ALTER TABLE agency_quotas FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE quota_warnings FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE daily_message_stats FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- Per-recipient caps span every agency, so they live outside row-level security, in tables the
-- application role cannot read: it only takes slots through pregon_take_recipient_slots. Phones are
-- stored as a keyed SHA-256 (the key never leaves the database) and rows last about an hour.
CREATE TABLE recipient_cap_key (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  key bytea NOT NULL
);--> statement-breakpoint
-- gen_random_uuid() draws from the strong random source: two of them give ~244 random bits.
INSERT INTO recipient_cap_key (key)
VALUES (decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));--> statement-breakpoint
CREATE TABLE recipient_recent_sends (
  phone_hash bytea PRIMARY KEY,
  -- When each counted message to this phone was prepared, within the last hour (at most the cap).
  sends timestamptz[] NOT NULL,
  -- Slots the last statement granted: how the caller learns its share.
  granted integer NOT NULL
);--> statement-breakpoint
REVOKE ALL ON recipient_cap_key FROM pregon_app;--> statement-breakpoint
REVOKE ALL ON recipient_recent_sends FROM pregon_app;--> statement-breakpoint
-- Takes up to p_wanted slots per phone in the rolling hour before p_now, p_cap at most, and says how
-- many each got. One row per phone: ON CONFLICT DO UPDATE locks it, so two transactions asking for
-- the last slot are ordered and the second sees the first's count. Rows go in hash order, so two
-- batches never wait on each other in a cycle.
CREATE FUNCTION pregon_take_recipient_slots(p_phones text[], p_wanted integer[], p_now timestamptz, p_cap integer)
RETURNS TABLE (phone text, granted integer)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH req AS (
    SELECT u.phone, sum(u.wanted)::integer AS wanted, sha256(k.key || convert_to(u.phone, 'UTF8')) AS h
    FROM unnest(p_phones, p_wanted) AS u(phone, wanted) CROSS JOIN recipient_cap_key k
    GROUP BY u.phone, k.key
  ), taken AS (
    INSERT INTO recipient_recent_sends AS r (phone_hash, sends, granted)
    SELECT req.h, array_fill(p_now, ARRAY[least(req.wanted, p_cap)]), least(req.wanted, p_cap)
    FROM req ORDER BY req.h
    ON CONFLICT (phone_hash) DO UPDATE SET
      sends = ARRAY(SELECT s FROM unnest(r.sends) s WHERE s > p_now - interval '1 hour' ORDER BY s)
        || array_fill(p_now, ARRAY[least(excluded.granted,
             p_cap - (SELECT count(*)::integer FROM unnest(r.sends) s WHERE s > p_now - interval '1 hour'))]),
      granted = least(excluded.granted,
        p_cap - (SELECT count(*)::integer FROM unnest(r.sends) s WHERE s > p_now - interval '1 hour'))
    WHERE (SELECT count(*) FROM unnest(r.sends) s WHERE s > p_now - interval '1 hour') < p_cap
    RETURNING r.phone_hash, r.granted
  )
  SELECT req.phone, coalesce(taken.granted, 0) FROM req LEFT JOIN taken ON taken.phone_hash = req.h
$$;--> statement-breakpoint
-- Drops phones with nothing left in their rolling hour (the retention job calls it hourly).
CREATE FUNCTION pregon_forget_recipient_sends(p_before timestamptz)
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH gone AS (
    DELETE FROM recipient_recent_sends r
    WHERE NOT EXISTS (SELECT 1 FROM unnest(r.sends) s WHERE s > p_before)
    RETURNING 1)
  SELECT count(*)::integer FROM gone
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_take_recipient_slots(text[], integer[], timestamptz, integer) FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION pregon_forget_recipient_sends(timestamptz) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_take_recipient_slots(text[], integer[], timestamptz, integer) TO pregon_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION pregon_forget_recipient_sends(timestamptz) TO pregon_app;
