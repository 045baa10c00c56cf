CREATE TABLE m (a INT) WITH ('connector' = 'filesystem', 'path' = 'nope.csv', 'format' = 'csv');
SELECT a FROM m;
