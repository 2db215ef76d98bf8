-- Data trading: the orders read model (kept by an inline projection of the order streams), the voucher
-- numbers, and the simulated payment provider's own book of payment sessions.
CREATE SCHEMA IF NOT EXISTS trading;
COMMENT ON SCHEMA trading IS 'DataPort: orders, vouchers, payments';

-- 交易凭证 numbers XMDT-YYYY-NNNNNN: one counter per year, advanced under the row lock so that processes
-- never share a number; a gap only means a number was drawn and not used.
CREATE TABLE trading.voucher_numbers (
    year           integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
    last_sequence  integer NOT NULL CHECK (last_sequence BETWEEN 1 AND 999999)
);

CREATE TABLE trading.orders (
    order_id                text        PRIMARY KEY,
    buyer_organisation_id   text        NOT NULL,
    seller_organisation_id  text        NOT NULL,
    dataset_id              text        NOT NULL,
    licence_option_id       text        NOT NULL,
    price_kind              text        NOT NULL,
    unit_price_fen          bigint      NOT NULL,
    quantity                integer     NOT NULL,
    total_fen               bigint      NOT NULL,
    currency                text        NOT NULL,
    status                  text        NOT NULL,
    paid_fen                bigint      NOT NULL DEFAULT 0,
    refunded_fen            bigint      NOT NULL DEFAULT 0,
    grant_id                text,
    voucher_number          text,
    settlement_id           text,
    placed_at               timestamptz NOT NULL,
    fulfilled_at            timestamptz,
    updated_at              timestamptz NOT NULL,
    version                 bigint      NOT NULL
);
CREATE INDEX orders_buyer_idx ON trading.orders (buyer_organisation_id, placed_at);
CREATE INDEX orders_seller_idx ON trading.orders (seller_organisation_id, placed_at);
CREATE INDEX orders_unsettled_idx ON trading.orders (fulfilled_at) WHERE status = 'Fulfilled' AND settlement_id IS NULL;

-- The simulated provider's side: what it was asked to collect. A real provider keeps this on its side.
CREATE TABLE trading.payment_sessions (
    payment_id          text        PRIMARY KEY,
    order_id            text        NOT NULL,
    amount_fen          bigint      NOT NULL,
    currency            text        NOT NULL,
    provider_reference  text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_sessions_order_idx ON trading.payment_sessions (order_id);
