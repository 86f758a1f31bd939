-- The demo bank's transactional schema (3NF).
-- Entity tables use `bigint GENERATED ALWAYS AS IDENTITY` keys: compact, never reused, assigned only by
-- this database, and naturally ordered so the write path can lock rows "ordered by id" without a
-- second sort key. Reference tables (currencies, account types) are keyed by their natural code.
-- The Data Vault business keys are these ids (and the codes); see SCHEMA.md.

CREATE TABLE regions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9-]{2,16}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE branches (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9-]{2,16}$'),
  region_id   bigint NOT NULL REFERENCES regions (id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  city        text NOT NULL CHECK (length(city) BETWEEN 1 AND 200),
  address     text NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
  opened_on   date NOT NULL DEFAULT current_date,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX branches_region_id_idx ON branches (region_id);

CREATE TABLE customers (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  last_name       text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
  first_name      text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
  middle_name     text NULL CHECK (length(middle_name) BETWEEN 1 AND 100),
  birth_date      date NOT NULL CHECK (birth_date > DATE '1900-01-01'),
  home_branch_id  bigint NOT NULL REFERENCES branches (id),
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_home_branch_id_idx ON customers (home_branch_id);

CREATE TABLE customer_contacts (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id  bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('email', 'phone')),
  value        text NOT NULL CHECK (
    (kind = 'email' AND value ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$') OR (kind = 'phone' AND value ~ '^\+[0-9]{7,15}$')
  ),
  is_primary   boolean NOT NULL DEFAULT false,
  verified_at  timestamptz NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (customer_id, kind, value)
);
CREATE INDEX customer_contacts_customer_id_idx ON customer_contacts (customer_id);
-- At most one primary e-mail and one primary phone per customer.
CREATE UNIQUE INDEX customer_contacts_one_primary_idx ON customer_contacts (customer_id, kind) WHERE is_primary;

CREATE TABLE customer_addresses (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id   bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('registration', 'residence', 'postal')),
  country_code  char(2) NOT NULL DEFAULT 'RU' CHECK (country_code ~ '^[A-Z]{2}$'),
  postal_code   text NULL CHECK (postal_code ~ '^[0-9A-Z -]{3,10}$'),
  city          text NOT NULL CHECK (length(city) BETWEEN 1 AND 200),
  street        text NOT NULL CHECK (length(street) BETWEEN 1 AND 200),
  house         text NOT NULL CHECK (length(house) BETWEEN 1 AND 20),
  apartment     text NULL CHECK (length(apartment) BETWEEN 1 AND 20),
  valid_from    date NOT NULL DEFAULT current_date,
  valid_to      date NULL CHECK (valid_to IS NULL OR valid_to >= valid_from),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_addresses_customer_id_idx ON customer_addresses (customer_id);

CREATE TABLE customer_credentials (
  customer_id     bigint PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  login           text NOT NULL CHECK (login ~ '^[a-z0-9._-]{3,64}$'),
  password_hash   text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  password_set_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customer_credentials_login_idx ON customer_credentials (login);

CREATE TABLE currencies (
  code          char(3) PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
  numeric_code  smallint NOT NULL UNIQUE CHECK (numeric_code BETWEEN 1 AND 999),
  name          text NOT NULL,
  -- Amounts are numeric(20,2), so only currencies with at most 2 minor units fit.
  minor_units   smallint NOT NULL CHECK (minor_units BETWEEN 0 AND 2)
);

CREATE TABLE account_types (
  code       text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,32}$'),
  name       text NOT NULL,
  -- Credit accounts (and the bank's own cash accounts) may go below zero.
  is_credit  boolean NOT NULL,
  -- Target of the composite foreign key below, so accounts.is_credit always equals the type's flag.
  UNIQUE (code, is_credit)
);

CREATE TABLE accounts (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  number         char(20) NOT NULL UNIQUE CHECK (number ~ '^[0-9]{20}$'),
  -- NULL only for the bank's own cash-desk accounts (the other side of deposits and withdrawals).
  customer_id    bigint NULL REFERENCES customers (id),
  branch_id      bigint NOT NULL REFERENCES branches (id),
  currency_code  char(3) NOT NULL REFERENCES currencies (code),
  type_code      text NOT NULL,
  is_credit      boolean NOT NULL,
  credit_limit   numeric(20, 2) NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
  balance        numeric(20, 2) NOT NULL DEFAULT 0,
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'frozen', 'closed')),
  opened_at      timestamptz NOT NULL DEFAULT now(),
  closed_at      timestamptz NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (type_code, is_credit) REFERENCES account_types (code, is_credit),
  CHECK (is_credit OR balance >= 0),
  CHECK (NOT is_credit OR type_code = 'cash' OR balance >= -credit_limit),
  CHECK (is_credit OR credit_limit = 0),
  CHECK ((customer_id IS NULL) = (type_code = 'cash')),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK (closed_at IS NULL OR closed_at >= opened_at),
  -- Target of the postings foreign key: a posting's currency is its account's currency.
  UNIQUE (id, currency_code)
);
CREATE INDEX accounts_customer_id_idx ON accounts (customer_id);
CREATE INDEX accounts_branch_id_idx ON accounts (branch_id);
CREATE INDEX accounts_currency_code_idx ON accounts (currency_code);
CREATE INDEX accounts_type_code_idx ON accounts (type_code, is_credit);
-- One cash desk per branch and currency.
CREATE UNIQUE INDEX accounts_one_cash_desk_idx ON accounts (branch_id, currency_code) WHERE type_code = 'cash';

CREATE TABLE cards (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id      bigint NOT NULL REFERENCES accounts (id),
  -- Only the masked number is stored; the full PAN never enters this database.
  masked_number   char(19) NOT NULL CHECK (masked_number ~ '^[0-9]{4} \*{4} \*{4} [0-9]{4}$'),
  payment_system  text NOT NULL CHECK (payment_system IN ('mir', 'visa', 'mastercard', 'unionpay')),
  holder_name     text NOT NULL CHECK (holder_name ~ '^[A-Z][A-Z .-]{1,49}$'),
  expires_on      date NOT NULL,
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked', 'expired')),
  issued_at       timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cards_account_id_idx ON cards (account_id);

-- Header of every money movement. Postings hold the amounts; a rejected operation has none.
CREATE TABLE operations (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('transfer', 'deposit', 'withdrawal')),
  status           text NOT NULL CHECK (status IN ('completed', 'rejected')),
  -- The customer who asked for it (NULL for operations started by the bank itself, e.g. seeding).
  customer_id      bigint NULL REFERENCES customers (id),
  idempotency_key  text NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  -- SHA-256 of the canonical request: a replay with the same key but another body is refused.
  request_hash     bytea NULL CHECK (octet_length(request_hash) = 32),
  description      text NULL CHECK (length(description) <= 500),
  failure_code     text NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'rejected') = (failure_code IS NOT NULL)),
  CHECK (idempotency_key IS NULL OR (customer_id IS NOT NULL AND request_hash IS NOT NULL))
);
-- Idempotency keys are scoped to the customer; NULL keys are not deduplicated.
CREATE UNIQUE INDEX operations_idempotency_idx ON operations (customer_id, idempotency_key);
CREATE INDEX operations_created_at_idx ON operations (created_at);

-- Double entry: the postings of one operation sum to zero per currency. The write path guarantees
-- it (one transaction writes all postings of an operation) and reconciliation.ts checks it.
CREATE TABLE postings (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  operation_id   bigint NOT NULL REFERENCES operations (id),
  account_id     bigint NOT NULL,
  currency_code  char(3) NOT NULL,
  amount         numeric(20, 2) NOT NULL CHECK (amount <> 0),
  created_at     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (account_id, currency_code) REFERENCES accounts (id, currency_code)
);
CREATE INDEX postings_operation_id_idx ON postings (operation_id);
-- Account history, newest first, with keyset paging on id.
CREATE INDEX postings_account_id_idx ON postings (account_id, id DESC);

-- Web sessions: server-side, only the SHA-256 of the cookie token is stored. Not replicated.
CREATE TABLE customer_sessions (
  token_hash   bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
  customer_id  bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX customer_sessions_customer_id_idx ON customer_sessions (customer_id);
CREATE INDEX customer_sessions_expires_at_idx ON customer_sessions (expires_at);

-- Reference data every bank needs before its first customer.
INSERT INTO currencies (code, numeric_code, name, minor_units) VALUES
  ('RUB', 643, 'Российский рубль', 2),
  ('USD', 840, 'US Dollar', 2),
  ('EUR', 978, 'Euro', 2),
  ('CNY', 156, 'Yuan Renminbi', 2);

INSERT INTO account_types (code, name, is_credit) VALUES
  ('current', 'Текущий счёт', false),
  ('savings', 'Накопительный счёт', false),
  ('credit', 'Кредитная карта', true),
  ('cash', 'Касса отделения', true);
