CREATE TABLE Bid (bidtime TIMESTAMP(3), price DECIMAL(10, 2), item STRING, supplier_id STRING)
WITH ('connector' = 'filesystem', 'path' = 'bid.csv', 'format' = 'csv');
CREATE VIEW cheap (what, cost) AS SELECT item, price FROM Bid WHERE price < 4;
DESCRIBE cheap;
SELECT what FROM cheap WHERE cost > 1;
