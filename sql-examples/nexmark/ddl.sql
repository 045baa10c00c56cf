-- The Nexmark benchmark's source table and its three views, as the Nexmark repository's
-- Flink setup declares them (nexmark-flink: queries/ddl_gen.sql and ddl_views.sql, the
-- table named `datagen`). The 'nexmark' connector generates the events: one person,
-- three auctions and 46 bids in every 50, here 100 million of them at an event-time
-- rate of 10 million a second (the repository's 100m workload), emitted at full speed.
--
-- Use it as a setup file, then query the views:
--   ./sluice -i sql-examples/nexmark/ddl.sql -f sql-examples/nexmark/q0.sql
--   ./sluice -i sql-examples/nexmark/ddl.sql          (then, in the shell: SELECT * FROM bid;)
-- or `.read sql-examples/nexmark/ddl.sql` in the shell.
--
-- Other options of the connector (docs/sql.md): 'max-emit-speed' = 'false' emits each
-- event when the wall clock reaches its time (use a lower rate, e.g. '1000', to watch),
-- 'base-time' = '2024-01-01 00:00:00' and 'seed' = '7' repeat a run exactly,
-- 'events.num' = '0' never ends.

CREATE TABLE datagen (
    event_type int,
    person ROW<
        id  BIGINT,
        name  VARCHAR,
        emailAddress  VARCHAR,
        creditCard  VARCHAR,
        city  VARCHAR,
        state  VARCHAR,
        `dateTime` TIMESTAMP(3),
        extra  VARCHAR>,
    auction ROW<
        id  BIGINT,
        itemName  VARCHAR,
        description  VARCHAR,
        initialBid  BIGINT,
        reserve  BIGINT,
        `dateTime`  TIMESTAMP(3),
        expires  TIMESTAMP(3),
        seller  BIGINT,
        category  BIGINT,
        extra  VARCHAR>,
    bid ROW<
        auction  BIGINT,
        bidder  BIGINT,
        price  BIGINT,
        channel  VARCHAR,
        url  VARCHAR,
        `dateTime`  TIMESTAMP(3),
        extra  VARCHAR>,
    `dateTime` AS
        CASE
            WHEN event_type = 0 THEN person.`dateTime`
            WHEN event_type = 1 THEN auction.`dateTime`
            ELSE bid.`dateTime`
        END,
    WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH (
    'connector' = 'nexmark',
    'first-event.rate' = '10000000',
    'next-event.rate' = '10000000',
    'events.num' = '100000000',
    'person.proportion' = '1',
    'auction.proportion' = '3',
    'bid.proportion' = '46'
);

CREATE VIEW person AS
SELECT
    person.id,
    person.name,
    person.emailAddress,
    person.creditCard,
    person.city,
    person.state,
    `dateTime`,
    person.extra
FROM datagen WHERE event_type = 0;

CREATE VIEW auction AS
SELECT
    auction.id,
    auction.itemName,
    auction.description,
    auction.initialBid,
    auction.reserve,
    `dateTime`,
    auction.expires,
    auction.seller,
    auction.category,
    auction.extra
FROM datagen WHERE event_type = 1;

CREATE VIEW bid AS
SELECT
    bid.auction,
    bid.bidder,
    bid.price,
    bid.channel,
    bid.url,
    `dateTime`,
    bid.extra
FROM datagen WHERE event_type = 2;
