SELECT a * 10 AS a10, b
FROM (VALUES (1, 'one'), (2, 'two'), (3, 'three')) AS t(a, b)
WHERE a >= 2;
