CREATE TABLE Bid (
  bidtime TIMESTAMP(3),
  price DECIMAL(10, 2),
  item STRING,
  supplier_id STRING,
  price_x2 AS price * 2,
  WATERMARK FOR bidtime AS bidtime - INTERVAL '1' SECOND,
  PRIMARY KEY (item) NOT ENFORCED
) WITH ('connector' = 'filesystem', 'path' = 'bid.csv', 'format' = 'csv');
DESCRIBE Bid;
