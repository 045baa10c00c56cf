CREATE TABLE t (x INT) WITH ('connector' = 'filesystem', 'path' = 'bid.csv', 'format' = 'csv');
CREATE TABLE IF NOT EXISTS t (y INT) WITH ('connector' = 'filesystem', 'path' = 'bid.csv', 'format' = 'csv');
DESCRIBE t;
DROP TABLE t;
DROP TABLE IF EXISTS t;
DROP VIEW IF EXISTS nothing;
SHOW TABLES;
