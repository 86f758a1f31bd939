-- Logical replication: the publication Vitrina's CDC pipeline subscribes to (pgoutput).
-- Creating a publication needs no wal_level=logical; creating the slot does (see `bank db:tune`).
-- Credentials and sessions are left out on purpose: password hashes and session tokens must never
-- reach the warehouse, and sessions churn without business meaning.
-- TRUNCATE stays published so the pipeline can see it and refuse it with an alert.

-- REPLICA IDENTITY DEFAULT (the primary key) everywhere, chosen per table in README.md:
-- no key is ever updated, every table has a primary key, UPDATEs carry the complete new row
-- (no TOASTed values are this wide), and a DELETE only needs the key to close the hub's
-- status satellite. FULL would double the WAL of the hottest tables (accounts, operations)
-- for old values the vault already holds in its previous satellite row.
ALTER TABLE regions REPLICA IDENTITY DEFAULT;
ALTER TABLE branches REPLICA IDENTITY DEFAULT;
ALTER TABLE customers REPLICA IDENTITY DEFAULT;
ALTER TABLE customer_contacts REPLICA IDENTITY DEFAULT;
ALTER TABLE customer_addresses REPLICA IDENTITY DEFAULT;
ALTER TABLE currencies REPLICA IDENTITY DEFAULT;
ALTER TABLE account_types REPLICA IDENTITY DEFAULT;
ALTER TABLE accounts REPLICA IDENTITY DEFAULT;
ALTER TABLE cards REPLICA IDENTITY DEFAULT;
ALTER TABLE operations REPLICA IDENTITY DEFAULT;
ALTER TABLE postings REPLICA IDENTITY DEFAULT;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'vitrina_bank') THEN
    CREATE PUBLICATION vitrina_bank FOR TABLE
      regions, branches, customers, customer_contacts, customer_addresses,
      currencies, account_types, accounts, cards, operations, postings;
  END IF;
END
$$;
