SELECT a,
       nmae FROM (VALUES (1, 'x')) AS t(a, name);
