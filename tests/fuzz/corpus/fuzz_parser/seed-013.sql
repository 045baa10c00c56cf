CREATE TABLE t (x INT) WITH ('connector' = 'filesystem', 'path' = 'bid.csv', 'format' = 'csv');
CREATE TABLE t (x INT) WITH ('connector' = 'filesystem', 'path' = 'bid.csv', 'format' = 'csv');
