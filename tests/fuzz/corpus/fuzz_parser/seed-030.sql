CREATE TABLE q (id INT, name STRING, score DOUBLE) WITH (
  'connector' = 'filesystem', 'path' = 'pipes.csv', 'format' = 'csv',
  'csv.field-delimiter' = '|', 'csv.allow-comments' = 'true', 'csv.header' = 'true');
SELECT id, name FROM q;
