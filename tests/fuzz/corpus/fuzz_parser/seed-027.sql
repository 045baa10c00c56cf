SELECT a FROM (VALUES (4, 2), (1, 0)) AS t(a, b) WHERE b <> 0 AND a / b > 1;
