CREATE TABLE p (id INT, name STRING, score DOUBLE) WITH (
  'connector' = 'filesystem', 'path' = 'pipes.csv', 'format' = 'csv',
  'csv.field-delimiter' = '|', 'csv.allow-comments' = 'true', 'csv.header' = 'true',
  'csv.null-literal' = 'NA', 'csv.ignore-parse-errors' = 'true');
SELECT * FROM p;
