CREATE TABLE k (a INT) WITH ('connector' = 'kafka', 'topic' = 'x');
SELECT a FROM k;
