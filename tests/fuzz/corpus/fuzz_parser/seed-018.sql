CREATE TABLE clicks (
  user_id STRING,
  ms BIGINT,
  ts AS TO_TIMESTAMP_LTZ(ms, 3),
  secs AS TO_TIMESTAMP_LTZ(ms / 1000, 0),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'filesystem', 'path' = 'clicks.csv', 'format' = 'csv');
SELECT user_id, ts, secs, ts + INTERVAL '1' SECOND * 3 AS later FROM clicks;
