/*
 * ts_store_schema.c - the store's schema, as the ordered list of the
 * migrations that build it (see ts_store_impl.h).
 *
 * To change the schema, never edit a migration that has shipped: append an
 * entry { N + 1, ts_store_schema_thing } below, define the SQL in the file of
 * the feature that needs it (declared in ts_store_impl.h), and add the
 * statements it needs to enum ts_store_sql.  ts_store_open runs every
 * pending entry in one transaction, so a store is always at one version.
 *
 * Conventions: STRICT tables; text that may be empty is NULL, never ''
 * (NOT NULL text columns check that they are not empty); instants are
 * INTEGER seconds since the epoch (UTC), NULL when unknown; created_at /
 * imported_at / updated_at are the "now" of the call that wrote the row.
 */
#include <stddef.h>

#include "ts_store_impl.h"
#include "banned.h"

/*
 * Version 1: calls and contacts.
 *
 * calls: one row per call, unique on (source, call_id) so that importing a
 * file twice adds nothing.  The unique index leads with call_id, so that it
 * also serves a lookup by call id alone.  Two more indexes, each costing
 * about a second per million calls imported (see the measurements in the
 * commit that chose them): (client, start) for a client's period, for
 * retention per client and for "was this lost call called back" within a
 * client; (caller, start) for a data subject's access and erasure across
 * clients.  Reports over every client scan the table.  status holds
 * ts_status_name's text; its CHECK is a chain of ORs because SQLite builds
 * a temporary table for a constant IN (...) list of more than two values
 * on every execution of the INSERT, which doubled the cost of a put.
 *
 * contacts: a client's callers.  ext_id is the id in the source (a vCard
 * UID), unique within a client when there is one.  contact_phones holds up
 * to TS_CONTACT_PHONES numbers per contact, in order (pos); it repeats the
 * client so that a number is found within a client by one index search, and
 * the composite foreign key keeps that copy equal to the contact's.  The
 * number index leads with the number, so that an erasure can find it in
 * every client too.  Deleting a contact deletes its numbers.
 */
const char ts_store_schema_base[] =
	"CREATE TABLE calls (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  source TEXT NOT NULL CONSTRAINT source_not_empty\n"
	"      CHECK (source <> ''),\n"
	"  call_id TEXT NOT NULL CONSTRAINT call_id_not_empty\n"
	"      CHECK (call_id <> ''),\n"
	"  client TEXT,\n"
	"  did TEXT,\n"
	"  caller TEXT,\n"
	"  caller_name TEXT,\n"
	"  start INTEGER NOT NULL,\n"
	"  answer INTEGER,\n"
	"  \"end\" INTEGER,\n"
	"  wait_s INTEGER NOT NULL,\n"
	"  talk_s INTEGER NOT NULL,\n"
	"  status TEXT NOT NULL CONSTRAINT status_name CHECK (\n"
	"      status = 'answered' OR status = 'voicemail' OR\n"
	"      status = 'abandoned' OR status = 'timeout' OR\n"
	"      status = 'missed' OR status = 'busy' OR status = 'failed'),\n"
	"  agent TEXT,\n"
	"  queue TEXT,\n"
	"  imported_at INTEGER NOT NULL,\n"
	"  updated_at INTEGER NOT NULL,\n"
	"  UNIQUE (call_id, source)\n"
	") STRICT;\n"
	TS_STORE_CALLS_INDEXES
	"\n"
	"CREATE TABLE contacts (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  client TEXT NOT NULL CONSTRAINT client_not_empty\n"
	"      CHECK (client <> ''),\n"
	"  ext_id TEXT,\n"
	"  name TEXT,\n"
	"  first_name TEXT,\n"
	"  last_name TEXT,\n"
	"  company TEXT,\n"
	"  email TEXT,\n"
	"  tags TEXT,\n"
	"  note TEXT,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  updated_at INTEGER NOT NULL,\n"
	"  UNIQUE (id, client)\n"
	") STRICT;\n"
	"CREATE UNIQUE INDEX contacts_client_ext_id\n"
	"    ON contacts (client, ext_id) WHERE ext_id IS NOT NULL;\n"
	"CREATE INDEX contacts_client_name ON contacts (client, name);\n"
	"\n"
	"CREATE TABLE contact_phones (\n"
	"  contact INTEGER NOT NULL,\n"
	"  client TEXT NOT NULL,\n"
	"  phone TEXT NOT NULL CONSTRAINT phone_not_empty\n"
	"      CHECK (phone <> ''),\n"
	"  label TEXT,\n"
	"  pos INTEGER NOT NULL,\n"
	"  PRIMARY KEY (contact, phone),\n"
	"  FOREIGN KEY (contact, client) REFERENCES contacts (id, client)\n"
	"      ON DELETE CASCADE\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE INDEX contact_phones_phone\n"
	"    ON contact_phones (phone, client);\n";

/*
 * Version 7: when a call entered a queue (queue_log's ENTERQUEUE), for the
 * service level of a contract whose clock starts in the queue.  NULL when
 * unknown (a CDR alone).
 */
const char ts_store_schema_queued[] =
	"ALTER TABLE calls ADD COLUMN queued INTEGER;\n";

const struct ts_store_migration ts_store_migrations[] = {
	{ 1, ts_store_schema_base },
	{ 2, ts_store_schema_msg },
	{ 3, ts_store_schema_agenda },
	{ 4, ts_store_schema_gdpr },
	{ 5, ts_store_schema_escalations },	/* ts_store_escalations.c */
	{ 6, ts_store_schema_gdpr_msg },	/* ts_store_gdpr.c */
	{ 7, ts_store_schema_queued },
};
const size_t ts_store_nmigrations =
    sizeof ts_store_migrations / sizeof ts_store_migrations[0];
