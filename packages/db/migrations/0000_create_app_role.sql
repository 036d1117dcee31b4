-- The role application transactions switch to (SET LOCAL ROLE): not a table owner, no BYPASSRLS,
-- so row-level security applies to everything it touches. Roles are cluster-wide, hence the guard.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pregon_app') THEN
    CREATE ROLE pregon_app NOLOGIN NOBYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;
