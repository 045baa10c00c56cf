CREATE TABLE t (a INT NOT NULL, b AS a * 2, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector'='filesystem','path'='/nonexistent','format'='json');
SELECT b, a FROM t WHERE a > 1;
DESCRIBE t; DROP TABLE IF EXISTS t;
