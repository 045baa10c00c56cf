CREATE TABLE t (id INT, amount INT) WITH (
  'connector' = 'filesystem', 'path' = 'bad.csv', 'format' = 'csv', 'csv.header' = 'true');
SELECT id, amount * 2 AS twice FROM t;
