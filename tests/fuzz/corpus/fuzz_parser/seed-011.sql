CREATE TABLE Bid (bidtime TIMESTAMP(3), price DECIMAL(10, 2), item STRING, supplier_id STRING)
WITH ('connector' = 'filesystem', 'path' = 'bid.csv', 'format' = 'csv');
CREATE VIEW v1 AS SELECT item, price * 10 AS p10 FROM Bid;
CREATE TEMPORARY VIEW v2 AS SELECT item FROM v1 WHERE p10 >= 50;
SELECT * FROM v2;
