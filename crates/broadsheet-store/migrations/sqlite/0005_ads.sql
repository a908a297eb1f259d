-- Ads: slots, house campaigns with their creatives, daily counters, suppressed articles.
CREATE TABLE ad_slots (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL UNIQUE,
    placement    TEXT NOT NULL,
    paragraph    BIGINT NOT NULL DEFAULT 0,
    repeat_every BIGINT NOT NULL DEFAULT 0,
    sizes        TEXT NOT NULL,
    page_types   TEXT NOT NULL,
    sections     TEXT NOT NULL DEFAULT '',
    tag_html     TEXT NOT NULL DEFAULT '',
    enabled      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE ad_campaigns (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL,
    advertiser TEXT NOT NULL,
    starts_at  BIGINT NOT NULL,
    ends_at    BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    html       TEXT NOT NULL DEFAULT '',
    image_alt  TEXT NOT NULL DEFAULT '',
    click_url  TEXT NOT NULL,
    width      BIGINT NOT NULL,
    height     BIGINT NOT NULL,
    slot_ids   TEXT NOT NULL DEFAULT '',
    sections   TEXT NOT NULL DEFAULT '',
    weight     BIGINT NOT NULL DEFAULT 1,
    daily_cap  BIGINT NOT NULL DEFAULT 0,
    total_cap  BIGINT NOT NULL DEFAULT 0,
    freq_cap   BIGINT NOT NULL DEFAULT 0,
    enabled    BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE ad_images (
    campaign_id  BIGINT PRIMARY KEY REFERENCES ad_campaigns(id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL
);

-- No foreign keys: a batch of counts must never fail because a campaign was deleted.
CREATE TABLE ad_stats (
    campaign_id BIGINT NOT NULL,
    slot_id     BIGINT NOT NULL,
    day         BIGINT NOT NULL,
    served      BIGINT NOT NULL DEFAULT 0,
    viewable    BIGINT NOT NULL DEFAULT 0,
    clicks      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, slot_id, day)
);
CREATE INDEX ad_stats_slot ON ad_stats(slot_id, day);

CREATE TABLE ad_suppressed_articles (
    article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
