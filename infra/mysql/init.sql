-- One schema and one least-privileged user per subgraph: no subgraph can read another's tables.
-- Replace the passwords (or create the users from your secret store) before using this outside a laptop.
CREATE DATABASE IF NOT EXISTS accords_ministries CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE DATABASE IF NOT EXISTS accords_localities CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE DATABASE IF NOT EXISTS accords_partners CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE DATABASE IF NOT EXISTS accords_commitments CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

CREATE USER IF NOT EXISTS 'ministries'@'%' IDENTIFIED BY 'change-me-ministries';
CREATE USER IF NOT EXISTS 'localities'@'%' IDENTIFIED BY 'change-me-localities';
CREATE USER IF NOT EXISTS 'partners'@'%' IDENTIFIED BY 'change-me-partners';
CREATE USER IF NOT EXISTS 'commitments'@'%' IDENTIFIED BY 'change-me-commitments';

-- DDL rights are needed for migrations; nothing outside the subgraph's own schema.
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON accords_ministries.* TO 'ministries'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON accords_localities.* TO 'localities'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON accords_partners.* TO 'partners'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES ON accords_commitments.* TO 'commitments'@'%';
FLUSH PRIVILEGES;
