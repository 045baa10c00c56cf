-- Nexmark Query 1: currency conversion. Each bid's price from dollars to euros.
-- sluice keeps DECIMAL to 18 digits, so the price is DECIMAL(18, 3) where the Nexmark
-- repository declares DECIMAL(23, 3); the values are the same.

CREATE TABLE nexmark_q1 (
  auction  BIGINT,
  bidder  BIGINT,
  price  DECIMAL(18, 3),
  dateTime  TIMESTAMP(3),
  extra  VARCHAR
) WITH (
  'connector' = 'blackhole'
);

INSERT INTO nexmark_q1
SELECT
    auction,
    bidder,
    0.908 * price as price, -- convert dollar to euro
    dateTime,
    extra
FROM bid;
