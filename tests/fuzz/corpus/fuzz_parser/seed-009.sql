CREATE TABLE b (x INT) WITH ('connector' = 'filesystem', 'path' = 'bid.csv', 'format' = 'csv');
CREATE TABLE a (x INT) WITH ('connector' = 'filesystem', 'path' = 'bid.csv', 'format' = 'csv');
CREATE VIEW v AS SELECT x FROM a;
SHOW TABLES;
SHOW VIEWS;
