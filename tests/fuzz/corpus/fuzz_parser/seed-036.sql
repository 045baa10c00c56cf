CREATE TABLE Bid (
  bidtime TIMESTAMP(3),
  price DECIMAL(10, 2),
  item STRING,
  price_x2 AS price * 2,                                  -- a computed column
  WATERMARK FOR bidtime AS bidtime - INTERVAL '1' SECOND, -- checked and shown; used by windows (later)
  PRIMARY KEY (item) NOT ENFORCED
) WITH ('connector' = 'filesystem', 'path' = 'bid.csv', 'format' = 'csv');
