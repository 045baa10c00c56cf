SELECT * FROM (VALUES (1, 'a')) AS t(id, name);
