-- A status change rewrites the row; with free space on its page the update is HOT and touches no index.
ALTER TABLE messages SET (fillfactor = 80);--> statement-breakpoint
-- GIN's pending list makes the insert that fills it clean the whole list up (pauses of a second or more
-- under a submit flood); part ids are written once per message, so plain inserts cost less overall.
ALTER INDEX messages_carrier_message_ids_idx SET (fastupdate = off);
