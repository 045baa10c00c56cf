SELECT y FROM (
  SELECT x + 1 AS y FROM (VALUES (1), (5), (9)) AS t(x) WHERE x > 1
) WHERE y < 10;
