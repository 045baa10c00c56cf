CREATE TABLE m (a INT) WITH ('connector' = 'filesystem', 'path' = 'bad.csv', 'format' = 'csv', 'csv.delimiter' = ';');
SELECT a FROM m;
