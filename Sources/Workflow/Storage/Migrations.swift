import Foundation

/// Versioned schema migrations, run at start; each version runs once, in its own transaction.
public enum Migrations {
    /// The migrations in order: version and statements (`{BLOB}` and `{BIGINT}` are the
    /// dialect's types; a statement starting `sqlite:` or `postgres:` runs on that store only).
    static let all: [(Int, [String])] = [
        (
            1,
            [
                "CREATE TABLE organizations (id TEXT PRIMARY KEY, parent_id TEXT, path TEXT NOT NULL, doc TEXT NOT NULL)",
                """
                CREATE TABLE members (id TEXT PRIMARY KEY, org_id TEXT NOT NULL, org_path TEXT NOT NULL, id_number TEXT NOT NULL UNIQUE,
                  name TEXT NOT NULL, status TEXT NOT NULL, doc TEXT NOT NULL)
                """,
                "CREATE INDEX members_org ON members (org_id)",
                """
                CREATE TABLE seals (org_id TEXT NOT NULL, version INTEGER NOT NULL, uploaded_at TEXT NOT NULL, uploader TEXT NOT NULL,
                  jpeg {BLOB} NOT NULL, PRIMARY KEY (org_id, version))
                """,
                """
                CREATE TABLE transfers (id TEXT PRIMARY KEY, member_id TEXT NOT NULL, state TEXT NOT NULL, holder_id TEXT,
                  holder_path TEXT, expires_at {BIGINT}, created_at {BIGINT} NOT NULL, updated_at {BIGINT} NOT NULL,
                  source_id TEXT NOT NULL, source_path TEXT NOT NULL, destination_id TEXT, destination_path TEXT,
                  type TEXT NOT NULL, member_name TEXT NOT NULL, member_id_number TEXT NOT NULL,
                  version INTEGER NOT NULL, doc TEXT NOT NULL)
                """,
                "CREATE INDEX transfers_queue ON transfers (holder_id, expires_at)",
                "CREATE INDEX transfers_holder_path ON transfers (holder_path)",
                "CREATE INDEX transfers_source ON transfers (source_path, created_at)",
                "CREATE INDEX transfers_destination ON transfers (destination_path, created_at)",
                "CREATE INDEX transfers_member ON transfers (member_id)",
                """
                CREATE TABLE transfer_orgs (org_id TEXT NOT NULL, transfer_id TEXT NOT NULL, org_path TEXT NOT NULL,
                  automatic INTEGER NOT NULL, at {BIGINT} NOT NULL, PRIMARY KEY (org_id, transfer_id))
                """,
                "CREATE INDEX transfer_orgs_path ON transfer_orgs (org_path)",
                """
                CREATE TABLE letters (transfer_id TEXT NOT NULL, hop INTEGER NOT NULL, number TEXT NOT NULL UNIQUE,
                  issuer_id TEXT NOT NULL, seal_version INTEGER, issued_at {BIGINT} NOT NULL, pdf {BLOB} NOT NULL, sha256 TEXT NOT NULL,
                  receipt_pdf {BLOB}, receipt_sha256 TEXT, letter_doc TEXT NOT NULL, PRIMARY KEY (transfer_id, hop))
                """,
                "CREATE TABLE attachments (transfer_id TEXT NOT NULL, kind TEXT NOT NULL, sha256 TEXT NOT NULL, bytes {BLOB} NOT NULL, PRIMARY KEY (transfer_id, kind))",
                "CREATE TABLE counters (name TEXT PRIMARY KEY, value {BIGINT} NOT NULL)",
            ]
        ),
        (
            2,
            [
                """
                CREATE TABLE accounts (name TEXT PRIMARY KEY, role TEXT NOT NULL, org_id TEXT NOT NULL, password_hash TEXT,
                  activation_digest TEXT, activation_expires {BIGINT})
                """,
                "CREATE TABLE sessions (digest TEXT PRIMARY KEY, name TEXT NOT NULL, csrf TEXT NOT NULL, expires {BIGINT} NOT NULL)",
                """
                CREATE TABLE audit_log (seq {SERIAL}, at {BIGINT} NOT NULL, account TEXT NOT NULL, address TEXT NOT NULL,
                  action TEXT NOT NULL, target TEXT NOT NULL, outcome TEXT NOT NULL)
                """,
            ]
        ),
        (
            3,
            [
                // The issued letter's values in the JSON contract, so that part sets and overprints
                // can be printed from what was issued; NULL for letters issued before version 3.
                "ALTER TABLE letters ADD COLUMN letter_json TEXT",
                "CREATE TABLE printer_profiles (org_id TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (org_id, name))",
            ]
        ),
        (
            4,
            [
                // The archive's hash chain: one entry per stored letter or returned receipt, in the
                // order they were stored, each carrying the previous entry's hash (ArchiveChain).
                """
                CREATE TABLE archive_chain (seq {BIGINT} PRIMARY KEY, transfer_id TEXT NOT NULL, hop INTEGER NOT NULL, kind TEXT NOT NULL,
                  number TEXT NOT NULL, sha256 TEXT NOT NULL, at {BIGINT} NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
                  UNIQUE (transfer_id, hop, kind))
                """,
                "CREATE TABLE archive_head (id INTEGER PRIMARY KEY, seq {BIGINT} NOT NULL, hash TEXT NOT NULL)",
                "INSERT INTO archive_head (id, seq, hash) VALUES (1, 0, '\(ArchiveEntry.genesis)')",
            ]
        ),
        (
            5,
            [
                // The audit log is read by account ("what did this person do"), by object ("who
                // touched this transfer") and by period, newest first: without these an inspector's
                // question reads the whole log.
                "CREATE INDEX audit_log_account ON audit_log (account, seq)",
                "CREATE INDEX audit_log_target ON audit_log (target, seq)",
                "CREATE INDEX audit_log_at ON audit_log (at)",
            ]
        ),
        (
            6,
            [
                // The key archive exports are signed with (ExportSigningKey), one row, made on first use.
                "CREATE TABLE signing_keys (id INTEGER PRIMARY KEY, private_key TEXT NOT NULL, created_at {BIGINT} NOT NULL)"
            ]
        ),
        (
            7,
            [
                // Login and activation attempts, counted before they are checked, in the database so
                // that every server shares the count (AttemptLimiter).
                "CREATE TABLE attempts (key TEXT PRIMARY KEY, window_start {BIGINT} NOT NULL, count INTEGER NOT NULL)",
                // Account and printer names are unique after NFKC and case folding (NameKey):
                // "Admin" and "ａｄｍｉｎ" are the same name to a person reading the audit log.
                // Filled for older rows at open (NameKey.backfill).
                "ALTER TABLE accounts ADD COLUMN name_key TEXT",
                "CREATE UNIQUE INDEX accounts_name_key ON accounts (name_key)",
                "ALTER TABLE printer_profiles ADD COLUMN name_key TEXT",
                "CREATE UNIQUE INDEX printer_profiles_name_key ON printer_profiles (org_id, name_key)",
                // Every change to an organization bumps this counter in the same transaction, so
                // that each server can tell with one small read whether its cached tree is current.
                "INSERT INTO counters (name, value) VALUES ('organizations', 1)",
            ]
        ),
        (
            8,
            [
                // The register's accounts (register spec §4): the holder's name and mobile, as the
                // security officer imports them.
                "ALTER TABLE accounts ADD COLUMN person TEXT",
                "ALTER TABLE accounts ADD COLUMN phone TEXT",
                // A disabled account cannot log in, and its sessions end (register spec §4).
                "ALTER TABLE accounts ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0",
                // An upload checked on the 导入 page and waiting for its confirmation, kept in the
                // database so that the confirmation may reach any server (RegisterUploads).
                // Units (单位) in which organizations are set up, by 统一社会信用代码 (register spec §2).
                "CREATE TABLE units (code TEXT PRIMARY KEY, doc TEXT NOT NULL)",
                "CREATE TABLE pending_imports (token TEXT PRIMARY KEY, account TEXT NOT NULL, kind TEXT NOT NULL, file_name TEXT NOT NULL, bytes {BLOB} NOT NULL, created_at {BIGINT} NOT NULL)",
                // Member searches over a subtree (materialized paths, as transfers are searched); the
                // name in the index, so that a search by name reads the index and not every row.
                "CREATE INDEX members_path ON members (org_path, name)",
            ]
        ),
        (
            9,
            [
                // The number on the paper letter of a transfer completed before the system and
                // entered from a sheet (register spec §5): the key a re-import finds it by. NULL for
                // every transfer made here, and NULLs never collide in a unique index.
                "ALTER TABLE transfers ADD COLUMN paper_letter TEXT",
                "CREATE UNIQUE INDEX transfers_paper_letter ON transfers (paper_letter)",
            ]
        ),
        (
            10,
            [
                // Notifications (seed 002): an organization is told when a transfer comes to wait for
                // it. Written in the change's own transaction, so none is lost when a server dies and
                // none is made twice; delivered to a hook from here, claimed by one server at a time.
                """
                CREATE TABLE notifications (id {SERIAL}, org_id TEXT NOT NULL, transfer_id TEXT NOT NULL, at {BIGINT} NOT NULL,
                  text TEXT NOT NULL, delivered_at {BIGINT}, attempts INTEGER NOT NULL DEFAULT 0, next_attempt {BIGINT} NOT NULL,
                  claimed_until {BIGINT} NOT NULL DEFAULT 0, last_error TEXT)
                """,
                "CREATE INDEX notifications_org ON notifications (org_id, id)",
                "CREATE INDEX notifications_due ON notifications (delivered_at, next_attempt)",
            ]
        ),
        (
            11,
            [
                // A member's own account (seed 002 党员e家), made by its branch: one per member.
                "ALTER TABLE accounts ADD COLUMN member_id TEXT",
                "CREATE UNIQUE INDEX accounts_member ON accounts (member_id)",
            ]
        ),
        (
            12,
            [
                // A county's own print runs of the pre-printed sheet (layout check): the blanks as
                // moved on its scan, by name per organization; at most one in use.
                """
                CREATE TABLE print_layouts (org_id TEXT NOT NULL, name TEXT NOT NULL, name_key TEXT NOT NULL, doc TEXT NOT NULL,
                  in_use INTEGER NOT NULL DEFAULT 0, scan {BLOB}, PRIMARY KEY (org_id, name))
                """,
                "CREATE UNIQUE INDEX print_layouts_name_key ON print_layouts (org_id, name_key)",
                "CREATE UNIQUE INDEX print_layouts_in_use ON print_layouts (org_id) WHERE in_use = 1",
            ]
        ),
        (
            13,
            [
                // Where an administrator's notices are e-mailed (通知邮箱), when the server has a relay.
                "ALTER TABLE accounts ADD COLUMN notify_email TEXT"
            ]
        ),
        (
            14,
            [
                // How many transfers each organization holds, kept by the database itself in the
                // transaction of every change of a holder — whoever writes the row (any server,
                // the bench loaders): the queue counts of a subtree sum these rows instead of
                // counting its transfers (a province's root: a few hundred rows, not a million).
                "CREATE TABLE holder_counts (path TEXT PRIMARY KEY, org_id TEXT NOT NULL, n {BIGINT} NOT NULL)",
                """
                INSERT INTO holder_counts (path, org_id, n)
                SELECT holder_path, MIN(holder_id), COUNT(*) FROM transfers WHERE holder_path IS NOT NULL GROUP BY holder_path
                """,
                """
                sqlite:CREATE TRIGGER holder_counts_insert AFTER INSERT ON transfers WHEN NEW.holder_path IS NOT NULL BEGIN
                  INSERT INTO holder_counts (path, org_id, n) VALUES (NEW.holder_path, NEW.holder_id, 1)
                    ON CONFLICT (path) DO UPDATE SET n = n + 1;
                END
                """,
                """
                sqlite:CREATE TRIGGER holder_counts_update AFTER UPDATE OF holder_path ON transfers
                WHEN OLD.holder_path IS NOT NEW.holder_path BEGIN
                  UPDATE holder_counts SET n = n - 1 WHERE path = OLD.holder_path;
                  INSERT INTO holder_counts (path, org_id, n) SELECT NEW.holder_path, NEW.holder_id, 1 WHERE NEW.holder_path IS NOT NULL
                    ON CONFLICT (path) DO UPDATE SET n = n + 1;
                END
                """,
                """
                sqlite:CREATE TRIGGER holder_counts_delete AFTER DELETE ON transfers WHEN OLD.holder_path IS NOT NULL BEGIN
                  UPDATE holder_counts SET n = n - 1 WHERE path = OLD.holder_path;
                END
                """,
                """
                postgres:CREATE FUNCTION holder_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.holder_path IS NOT NULL THEN
                    UPDATE holder_counts SET n = n - 1 WHERE path = OLD.holder_path;
                  END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.holder_path IS NOT NULL THEN
                    INSERT INTO holder_counts (path, org_id, n) VALUES (NEW.holder_path, NEW.holder_id, 1)
                      ON CONFLICT (path) DO UPDATE SET n = holder_counts.n + 1;
                  END IF;
                  RETURN NULL;
                END
                $$
                """,
                "postgres:CREATE TRIGGER holder_counts_insert AFTER INSERT OR DELETE ON transfers FOR EACH ROW EXECUTE FUNCTION holder_counts_keep()",
                """
                postgres:CREATE TRIGGER holder_counts_update AFTER UPDATE OF holder_path ON transfers
                FOR EACH ROW WHEN (OLD.holder_path IS DISTINCT FROM NEW.holder_path) EXECUTE FUNCTION holder_counts_keep()
                """,
            ]
        ),
        (
            15,
            [
                // Where a stored PDF had its seal's JPEG cut out (`SealCut`); NULL: stored whole,
                // as every PDF stored before this version is.
                "ALTER TABLE letters ADD COLUMN pdf_cut TEXT",
                "ALTER TABLE letters ADD COLUMN receipt_cut TEXT",
            ]
        ),
        (
            16,
            [
                // What the statistics count of each transfer, as columns (`TransferTally`;
                // filled for older rows at open), and counters per day of the counted values
                // for the sources' ancestors down to the counties, kept by the database in the
                // transaction of every change — a province's year sums some twenty thousand
                // counters instead of decoding a million members.
                "ALTER TABLE transfers ADD COLUMN stat_age TEXT",
                "ALTER TABLE transfers ADD COLUMN stat_sex TEXT",
                "ALTER TABLE transfers ADD COLUMN stat_category TEXT",
                "ALTER TABLE transfers ADD COLUMN stat_occupation TEXT",
                "ALTER TABLE transfers ADD COLUMN stat_education TEXT",
                "ALTER TABLE transfers ADD COLUMN stat_source_kind TEXT",
                "ALTER TABLE transfers ADD COLUMN stat_destination_kind TEXT",
                "ALTER TABLE transfers ADD COLUMN tally_path1 TEXT",
                "ALTER TABLE transfers ADD COLUMN tally_path2 TEXT",
                "ALTER TABLE transfers ADD COLUMN tally_path3 TEXT",
                // The backfill at every open asks for rows without values: an empty index, not a
                // scan of every transfer.
                "CREATE INDEX transfers_uncounted ON transfers (id) WHERE stat_sex IS NULL",
                """
                CREATE TABLE transfer_tallies (path TEXT NOT NULL, china_day {BIGINT} NOT NULL, dimension TEXT NOT NULL,
                  value TEXT NOT NULL, n {BIGINT} NOT NULL, PRIMARY KEY (path, china_day, dimension, value))
                """,
                // One statement per change, its rows in the key's order: two transactions
                // counting at once lock the same counters in the same order (PostgreSQL would
                // otherwise find a deadlock between an increment and a decrement), and a change
                // that moves nothing writes nothing.
                """
                sqlite:CREATE TRIGGER transfer_tallies_insert AFTER INSERT ON transfers
                WHEN NEW.state IN ('awaiting-report', 'completed', 'awaiting-receipt') AND NEW.stat_sex IS NOT NULL BEGIN
                  INSERT INTO transfer_tallies (path, china_day, dimension, value, n)
                  SELECT path, china_day, dimension, value, SUM(delta) FROM (
                    SELECT p.path, (NEW.created_at + 28800) / 86400 AS china_day, d.dimension, d.value, 1 AS delta
                      FROM (SELECT NEW.tally_path1 AS path UNION ALL SELECT NEW.tally_path2 UNION ALL SELECT NEW.tally_path3) AS p,
                        (SELECT 'total' AS dimension, '' AS value UNION ALL SELECT 'age', NEW.stat_age UNION ALL SELECT 'sex', NEW.stat_sex UNION ALL SELECT 'category', NEW.stat_category
                          UNION ALL SELECT 'type', NEW.type UNION ALL SELECT 'source', NEW.stat_source_kind UNION ALL SELECT 'destination', NEW.stat_destination_kind
                          UNION ALL SELECT 'occupation', NEW.stat_occupation UNION ALL SELECT 'education', NEW.stat_education) AS d
                      WHERE p.path IS NOT NULL AND NEW.state IN ('awaiting-report', 'completed', 'awaiting-receipt') AND NEW.stat_sex IS NOT NULL
                  ) AS changes
                  WHERE true GROUP BY path, china_day, dimension, value HAVING SUM(delta) <> 0
                  ORDER BY path, china_day, dimension, value
                  ON CONFLICT (path, china_day, dimension, value) DO UPDATE SET n = n + excluded.n;
                END
                """,
                """
                sqlite:CREATE TRIGGER transfer_tallies_update AFTER UPDATE ON transfers
                WHEN (OLD.state IN ('awaiting-report', 'completed', 'awaiting-receipt') AND OLD.stat_sex IS NOT NULL)
                  OR (NEW.state IN ('awaiting-report', 'completed', 'awaiting-receipt') AND NEW.stat_sex IS NOT NULL) BEGIN
                  INSERT INTO transfer_tallies (path, china_day, dimension, value, n)
                  SELECT path, china_day, dimension, value, SUM(delta) FROM (
                    SELECT p.path, (NEW.created_at + 28800) / 86400 AS china_day, d.dimension, d.value, 1 AS delta
                      FROM (SELECT NEW.tally_path1 AS path UNION ALL SELECT NEW.tally_path2 UNION ALL SELECT NEW.tally_path3) AS p,
                        (SELECT 'total' AS dimension, '' AS value UNION ALL SELECT 'age', NEW.stat_age UNION ALL SELECT 'sex', NEW.stat_sex UNION ALL SELECT 'category', NEW.stat_category
                          UNION ALL SELECT 'type', NEW.type UNION ALL SELECT 'source', NEW.stat_source_kind UNION ALL SELECT 'destination', NEW.stat_destination_kind
                          UNION ALL SELECT 'occupation', NEW.stat_occupation UNION ALL SELECT 'education', NEW.stat_education) AS d
                      WHERE p.path IS NOT NULL AND NEW.state IN ('awaiting-report', 'completed', 'awaiting-receipt') AND NEW.stat_sex IS NOT NULL
                    UNION ALL SELECT p.path, (OLD.created_at + 28800) / 86400 AS china_day, d.dimension, d.value, -1 AS delta
                      FROM (SELECT OLD.tally_path1 AS path UNION ALL SELECT OLD.tally_path2 UNION ALL SELECT OLD.tally_path3) AS p,
                        (SELECT 'total' AS dimension, '' AS value UNION ALL SELECT 'age', OLD.stat_age UNION ALL SELECT 'sex', OLD.stat_sex UNION ALL SELECT 'category', OLD.stat_category
                          UNION ALL SELECT 'type', OLD.type UNION ALL SELECT 'source', OLD.stat_source_kind UNION ALL SELECT 'destination', OLD.stat_destination_kind
                          UNION ALL SELECT 'occupation', OLD.stat_occupation UNION ALL SELECT 'education', OLD.stat_education) AS d
                      WHERE p.path IS NOT NULL AND OLD.state IN ('awaiting-report', 'completed', 'awaiting-receipt') AND OLD.stat_sex IS NOT NULL
                  ) AS changes
                  WHERE true GROUP BY path, china_day, dimension, value HAVING SUM(delta) <> 0
                  ORDER BY path, china_day, dimension, value
                  ON CONFLICT (path, china_day, dimension, value) DO UPDATE SET n = n + excluded.n;
                END
                """,
                """
                sqlite:CREATE TRIGGER transfer_tallies_delete AFTER DELETE ON transfers
                WHEN OLD.state IN ('awaiting-report', 'completed', 'awaiting-receipt') AND OLD.stat_sex IS NOT NULL BEGIN
                  INSERT INTO transfer_tallies (path, china_day, dimension, value, n)
                  SELECT path, china_day, dimension, value, SUM(delta) FROM (
                    SELECT p.path, (OLD.created_at + 28800) / 86400 AS china_day, d.dimension, d.value, -1 AS delta
                      FROM (SELECT OLD.tally_path1 AS path UNION ALL SELECT OLD.tally_path2 UNION ALL SELECT OLD.tally_path3) AS p,
                        (SELECT 'total' AS dimension, '' AS value UNION ALL SELECT 'age', OLD.stat_age UNION ALL SELECT 'sex', OLD.stat_sex UNION ALL SELECT 'category', OLD.stat_category
                          UNION ALL SELECT 'type', OLD.type UNION ALL SELECT 'source', OLD.stat_source_kind UNION ALL SELECT 'destination', OLD.stat_destination_kind
                          UNION ALL SELECT 'occupation', OLD.stat_occupation UNION ALL SELECT 'education', OLD.stat_education) AS d
                      WHERE p.path IS NOT NULL AND OLD.state IN ('awaiting-report', 'completed', 'awaiting-receipt') AND OLD.stat_sex IS NOT NULL
                  ) AS changes
                  WHERE true GROUP BY path, china_day, dimension, value HAVING SUM(delta) <> 0
                  ORDER BY path, china_day, dimension, value
                  ON CONFLICT (path, china_day, dimension, value) DO UPDATE SET n = n + excluded.n;
                END
                """,
                """
                postgres:CREATE FUNCTION transfer_tallies_keep() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP = 'INSERT' THEN
                    INSERT INTO transfer_tallies (path, china_day, dimension, value, n)
                    SELECT path, china_day, dimension, value, SUM(delta) FROM (
                      SELECT p.path, (NEW.created_at + 28800) / 86400 AS china_day, d.dimension, d.value, 1 AS delta
                        FROM (VALUES (NEW.tally_path1), (NEW.tally_path2), (NEW.tally_path3)) AS p(path),
                          (VALUES ('total', ''), ('age', NEW.stat_age), ('sex', NEW.stat_sex), ('category', NEW.stat_category), ('type', NEW.type),
                            ('source', NEW.stat_source_kind), ('destination', NEW.stat_destination_kind), ('occupation', NEW.stat_occupation), ('education', NEW.stat_education)) AS d(dimension, value)
                        WHERE p.path IS NOT NULL AND NEW.state IN ('awaiting-report', 'completed', 'awaiting-receipt') AND NEW.stat_sex IS NOT NULL
                    ) AS changes
                    WHERE true GROUP BY path, china_day, dimension, value HAVING SUM(delta) <> 0
                    ORDER BY path, china_day, dimension, value
                    ON CONFLICT (path, china_day, dimension, value) DO UPDATE SET n = transfer_tallies.n + excluded.n;
                  ELSIF TG_OP = 'UPDATE' THEN
                    INSERT INTO transfer_tallies (path, china_day, dimension, value, n)
                    SELECT path, china_day, dimension, value, SUM(delta) FROM (
                      SELECT p.path, (NEW.created_at + 28800) / 86400 AS china_day, d.dimension, d.value, 1 AS delta
                        FROM (VALUES (NEW.tally_path1), (NEW.tally_path2), (NEW.tally_path3)) AS p(path),
                          (VALUES ('total', ''), ('age', NEW.stat_age), ('sex', NEW.stat_sex), ('category', NEW.stat_category), ('type', NEW.type),
                            ('source', NEW.stat_source_kind), ('destination', NEW.stat_destination_kind), ('occupation', NEW.stat_occupation), ('education', NEW.stat_education)) AS d(dimension, value)
                        WHERE p.path IS NOT NULL AND NEW.state IN ('awaiting-report', 'completed', 'awaiting-receipt') AND NEW.stat_sex IS NOT NULL
                      UNION ALL SELECT p.path, (OLD.created_at + 28800) / 86400 AS china_day, d.dimension, d.value, -1 AS delta
                        FROM (VALUES (OLD.tally_path1), (OLD.tally_path2), (OLD.tally_path3)) AS p(path),
                          (VALUES ('total', ''), ('age', OLD.stat_age), ('sex', OLD.stat_sex), ('category', OLD.stat_category), ('type', OLD.type),
                            ('source', OLD.stat_source_kind), ('destination', OLD.stat_destination_kind), ('occupation', OLD.stat_occupation), ('education', OLD.stat_education)) AS d(dimension, value)
                        WHERE p.path IS NOT NULL AND OLD.state IN ('awaiting-report', 'completed', 'awaiting-receipt') AND OLD.stat_sex IS NOT NULL
                    ) AS changes
                    WHERE true GROUP BY path, china_day, dimension, value HAVING SUM(delta) <> 0
                    ORDER BY path, china_day, dimension, value
                    ON CONFLICT (path, china_day, dimension, value) DO UPDATE SET n = transfer_tallies.n + excluded.n;
                  ELSE
                    INSERT INTO transfer_tallies (path, china_day, dimension, value, n)
                    SELECT path, china_day, dimension, value, SUM(delta) FROM (
                      SELECT p.path, (OLD.created_at + 28800) / 86400 AS china_day, d.dimension, d.value, -1 AS delta
                        FROM (VALUES (OLD.tally_path1), (OLD.tally_path2), (OLD.tally_path3)) AS p(path),
                          (VALUES ('total', ''), ('age', OLD.stat_age), ('sex', OLD.stat_sex), ('category', OLD.stat_category), ('type', OLD.type),
                            ('source', OLD.stat_source_kind), ('destination', OLD.stat_destination_kind), ('occupation', OLD.stat_occupation), ('education', OLD.stat_education)) AS d(dimension, value)
                        WHERE p.path IS NOT NULL AND OLD.state IN ('awaiting-report', 'completed', 'awaiting-receipt') AND OLD.stat_sex IS NOT NULL
                    ) AS changes
                    WHERE true GROUP BY path, china_day, dimension, value HAVING SUM(delta) <> 0
                    ORDER BY path, china_day, dimension, value
                    ON CONFLICT (path, china_day, dimension, value) DO UPDATE SET n = transfer_tallies.n + excluded.n;
                  END IF;
                  RETURN NULL;
                END
                $$
                """,
                "postgres:CREATE TRIGGER transfer_tallies_keep AFTER INSERT OR UPDATE OR DELETE ON transfers FOR EACH ROW EXECUTE FUNCTION transfer_tallies_keep()",
                // The queue counters' function of migration 14, in the same way: a return and an
                // approval at once moved two holders' counters in opposite orders.
                """
                postgres:CREATE OR REPLACE FUNCTION holder_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP = 'INSERT' THEN
                    INSERT INTO holder_counts (path, org_id, n) SELECT NEW.holder_path, NEW.holder_id, 1 WHERE NEW.holder_path IS NOT NULL
                      ON CONFLICT (path) DO UPDATE SET n = holder_counts.n + 1;
                  ELSIF TG_OP = 'DELETE' THEN
                    UPDATE holder_counts SET n = n - 1 WHERE path = OLD.holder_path;
                  ELSE
                    INSERT INTO holder_counts (path, org_id, n)
                      SELECT path, MIN(org_id), SUM(delta) FROM (
                        SELECT NEW.holder_path AS path, NEW.holder_id AS org_id, 1 AS delta WHERE NEW.holder_path IS NOT NULL
                        UNION ALL SELECT OLD.holder_path, OLD.holder_id, -1 WHERE OLD.holder_path IS NOT NULL
                      ) AS changes
                      GROUP BY path HAVING SUM(delta) <> 0 ORDER BY path
                      ON CONFLICT (path) DO UPDATE SET n = holder_counts.n + excluded.n;
                  END IF;
                  RETURN NULL;
                END
                $$
                """,
            ]
        ),
        (
            17,
            [
                // An export for a subtree asks, of each chain entry, whether its transfer
                // touched the subtree: without this index SQLite walked the whole subtree's
                // rows for every entry (an organization's export was a quarter SQLite).
                "CREATE INDEX transfer_orgs_transfer ON transfer_orgs (transfer_id, org_path)"
            ]
        ),
        (
            18,
            [
                // PostgreSQL ran the statistics' trigger on every change of a transfer (a
                // third of an approval's time on the server); like SQLite's since migration 16,
                // it now runs only when a counted state is left or entered.
                "postgres:DROP TRIGGER transfer_tallies_keep ON transfers",
                "postgres:CREATE TRIGGER transfer_tallies_keep AFTER INSERT OR DELETE ON transfers FOR EACH ROW EXECUTE FUNCTION transfer_tallies_keep()",
                """
                postgres:CREATE TRIGGER transfer_tallies_update AFTER UPDATE ON transfers FOR EACH ROW
                WHEN ((OLD.state IN ('awaiting-report', 'completed', 'awaiting-receipt') AND OLD.stat_sex IS NOT NULL)
                  OR (NEW.state IN ('awaiting-report', 'completed', 'awaiting-receipt') AND NEW.stat_sex IS NOT NULL))
                EXECUTE FUNCTION transfer_tallies_keep()
                """,
                // PDFs and JPEGs are compressed already: PostgreSQL's own compression of each
                // stored value tried and failed on every one.
                "postgres:ALTER TABLE letters ALTER COLUMN pdf SET STORAGE EXTERNAL",
                "postgres:ALTER TABLE letters ALTER COLUMN receipt_pdf SET STORAGE EXTERNAL",
                "postgres:ALTER TABLE attachments ALTER COLUMN bytes SET STORAGE EXTERNAL",
                "postgres:ALTER TABLE seals ALTER COLUMN jpeg SET STORAGE EXTERNAL",
            ]
        ),
        (
            19,
            [
                // A change of a transfer moved its holders' queue counters (and, entering or
                // leaving a counted state, the statistics' counters) in the change's first
                // statement, and kept those rows locked until COMMIT: approvals at one county
                // waited for each other's letters to be stored (the lock waits of PostgreSQL's
                // bench were all there). The same counters, in the same transaction, are now
                // moved at COMMIT, and locked only for the commit itself.
                "postgres:DROP TRIGGER holder_counts_insert ON transfers",
                "postgres:DROP TRIGGER holder_counts_update ON transfers",
                "postgres:DROP TRIGGER transfer_tallies_keep ON transfers",
                "postgres:DROP TRIGGER transfer_tallies_update ON transfers",
                """
                postgres:CREATE CONSTRAINT TRIGGER holder_counts_insert AFTER INSERT OR DELETE ON transfers
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION holder_counts_keep()
                """,
                """
                postgres:CREATE CONSTRAINT TRIGGER holder_counts_update AFTER UPDATE OF holder_path ON transfers
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.holder_path IS DISTINCT FROM NEW.holder_path)
                EXECUTE FUNCTION holder_counts_keep()
                """,
                """
                postgres:CREATE CONSTRAINT TRIGGER transfer_tallies_keep AFTER INSERT OR DELETE ON transfers
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION transfer_tallies_keep()
                """,
                """
                postgres:CREATE CONSTRAINT TRIGGER transfer_tallies_update AFTER UPDATE ON transfers
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
                WHEN ((OLD.state IN ('awaiting-report', 'completed', 'awaiting-receipt') AND OLD.stat_sex IS NOT NULL)
                  OR (NEW.state IN ('awaiting-report', 'completed', 'awaiting-receipt') AND NEW.stat_sex IS NOT NULL))
                EXECUTE FUNCTION transfer_tallies_keep()
                """,
            ]
        ),
    ]

    /// Brings the store's schema up to date.
    public static func run(on store: any WorkflowStore) async throws {
        let dialect = store.dialect
        try await store.transaction { c in
            _ = try await c.run("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)", [])
        }
        for (version, statements) in all {
            try await store.transaction { c in
                let done = try await c.run("SELECT version FROM schema_migrations WHERE version = ?", [.int(Int64(version))])
                guard done.isEmpty else { return }
                for statement in statements {
                    var statement = statement
                    for (prefix, only) in [("sqlite:", SQLDialect.sqlite), ("postgres:", SQLDialect.postgres)] where statement.hasPrefix(prefix) {
                        guard dialect == only else {
                            statement = ""
                            break
                        }
                        statement.removeFirst(prefix.count)
                    }
                    if statement.isEmpty { continue }
                    let sql = statement.replacingOccurrences(of: "{BLOB}", with: dialect.blob)
                        .replacingOccurrences(of: "{SERIAL}", with: dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY")
                        .replacingOccurrences(of: "{BIGINT}", with: dialect.bigint)
                    _ = try await c.run(sql, [])
                }
                _ = try await c.run(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    [.int(Int64(version)), .text(ISO8601DateFormatter().string(from: Date()))])
            }
        }
    }
}
