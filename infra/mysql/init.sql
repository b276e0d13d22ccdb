-- One schema and one least-privileged user per subgraph: no subgraph can read another's tables.
-- Replace the passwords (or create the users from your secret store) before using this outside a laptop.
CREATE DATABASE IF NOT EXISTS accords_ministries CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE DATABASE IF NOT EXISTS accords_localities CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE DATABASE IF NOT EXISTS accords_partners CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE DATABASE IF NOT EXISTS accords_commitments CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE DATABASE IF NOT EXISTS accords_trade CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

CREATE USER IF NOT EXISTS 'ministries'@'%' IDENTIFIED BY 'change-me-ministries';
CREATE USER IF NOT EXISTS 'localities'@'%' IDENTIFIED BY 'change-me-localities';
CREATE USER IF NOT EXISTS 'partners'@'%' IDENTIFIED BY 'change-me-partners';
CREATE USER IF NOT EXISTS 'commitments'@'%' IDENTIFIED BY 'change-me-commitments';
CREATE USER IF NOT EXISTS 'trade'@'%' IDENTIFIED BY 'change-me-trade';

-- DDL rights are needed for migrations; nothing outside the subgraph's own schema.
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON accords_ministries.* TO 'ministries'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON accords_localities.* TO 'localities'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON accords_partners.* TO 'partners'@'%';
-- The commitments user may not UPDATE or DELETE the audit trail (audit_entry) or the legal events (legal_event):
-- UPDATE and DELETE are granted table by table, every table but those two (tests/audit-trail.test.ts checks that the
-- list covers every table). The triggers a migration adds refuse both statements for any user, root included.
-- TRIGGER is needed by that migration. While the service migrates its own schema at start it holds DDL rights
-- (DROP, TRIGGER), so a stolen service password could still drop a trigger: the audit hash chain
-- (verifyAuditTrail) detects entries changed or removed that way. A production deployment should run migrations
-- with a separate user and give the service only the DML grants below.
GRANT SELECT, INSERT, CREATE, ALTER, INDEX, DROP, REFERENCES, TRIGGER ON accords_commitments.* TO 'commitments'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON accords_trade.* TO 'trade'@'%';
GRANT UPDATE, DELETE ON accords_commitments.action_program TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.commitment TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.commitment_document TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.commitment_field TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.commitment_partner TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.commitment_party TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.commitment_relation TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.commitment_result TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.consultation TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.feasibility_assessment TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.feedback TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.high_level_activity TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.indicator_period TO 'commitments'@'%';
-- The KPI cache's data version: the triggers (run as their definer, this user) bump it on every write.
GRANT UPDATE, DELETE ON accords_commitments.kpi_data_version TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.migrations TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.milestone TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.obstacle TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.progress_report TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.public_holiday TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.result_indicator TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.review TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.review_decision TO 'commitments'@'%';
GRANT UPDATE, DELETE ON accords_commitments.review_entry TO 'commitments'@'%';
FLUSH PRIVILEGES;
