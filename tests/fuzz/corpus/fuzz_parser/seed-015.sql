CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR tss AS tss - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = 'bid.csv', 'format' = 'csv');
