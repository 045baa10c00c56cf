SELECT a / b FROM (VALUES (4, 2), (1, 0)) AS t(a, b);
