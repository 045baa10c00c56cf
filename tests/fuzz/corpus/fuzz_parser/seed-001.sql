SELECT 1, 'a' AS s, 2.50 * 2, TRUE, NULL, 7 / 2, 7.0 / 2, -3 % 2;
