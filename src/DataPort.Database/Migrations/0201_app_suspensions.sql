-- A regulator may suspend all of an organisation's apps (with a reason, recorded as an event in the same transaction):
-- the token endpoint refuses them and every API call with a token already issued to one of them is refused.
ALTER TABLE identity.organisations
    ADD COLUMN apps_suspended_at      timestamptz,
    ADD COLUMN apps_suspended_reason  text,
    ADD CONSTRAINT apps_suspension_has_reason CHECK ((apps_suspended_at IS NULL) = (apps_suspended_reason IS NULL));
