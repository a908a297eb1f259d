-- The one-click unsubscribe address of a message in the outbox (sqlite dialect): kept with
-- the row so a retry sends the same List-Unsubscribe header, and cleared once the
-- message is sent (it carries a one-time token, like the links in the body).
ALTER TABLE outbox ADD COLUMN unsubscribe_url TEXT;
