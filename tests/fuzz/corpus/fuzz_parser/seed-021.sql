CREATE TABLE orders (id INT) WITH ('connector' = 'filesystem', 'path' = 'x.csv', 'format' = 'csv');
SELECT id FROM ordrs;
