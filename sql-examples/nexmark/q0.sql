-- Nexmark Query 0: pass through. Measures the cost of the source and the plumbing:
-- every bid goes to the sink unchanged.
-- Run: ./sluice -i sql-examples/nexmark/ddl.sql -f sql-examples/nexmark/q0.sql

CREATE TABLE nexmark_q0 (
  auction  BIGINT,
  bidder  BIGINT,
  price  BIGINT,
  dateTime  TIMESTAMP(3),
  extra  VARCHAR
) WITH (
  'connector' = 'blackhole'
);

INSERT INTO nexmark_q0
SELECT auction, bidder, price, dateTime, extra FROM bid;
