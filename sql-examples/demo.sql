-- sluice's demo: a live view of an online auction, with no data of your own.
-- The 'nexmark' connector makes up the Nexmark benchmark's events (people, auctions
-- and bids) at 2,000 a second of wall-clock time, for 30 seconds; the query counts each
-- second's bids per channel as the second closes. Run it with `make run` or
-- `./sluice -f sql-examples/demo.sql`; Ctrl-C stops it early.

CREATE TABLE events (
    event_type INT,
    bid ROW<auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, `dateTime` TIMESTAMP(3)>,
    person ROW<`dateTime` TIMESTAMP(3)>,
    auction ROW<`dateTime` TIMESTAMP(3)>,
    `dateTime` AS COALESCE(bid.`dateTime`, auction.`dateTime`, person.`dateTime`),
    -- the generator's events come in time order (some in the same millisecond), so the
    -- watermark need not wait: it trails the latest event by one millisecond
    WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '0.001' SECOND
) WITH (
    'connector' = 'nexmark',
    'first-event.rate' = '2000',
    'next-event.rate' = '2000',
    'max-emit-speed' = 'false',
    'events.num' = '60000'
);

CREATE VIEW bid AS
SELECT bid.auction, bid.bidder, bid.price, bid.channel, `dateTime`
FROM events WHERE event_type = 2;

-- Each second: the bids of the four big channels and of all the others, from how many
-- bidders, and the highest price (in cents).
SELECT
    window_start AS `second`,
    CASE WHEN channel IN ('Google', 'Facebook', 'Baidu', 'Apple') THEN channel ELSE '(other)' END AS channel,
    COUNT(*) AS bids,
    COUNT(DISTINCT bidder) AS bidders,
    MAX(price) AS top_price
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '1' SECOND))
GROUP BY window_start, window_end,
    CASE WHEN channel IN ('Google', 'Facebook', 'Baidu', 'Apple') THEN channel ELSE '(other)' END;
