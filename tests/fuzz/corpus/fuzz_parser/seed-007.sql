-- first
SELECT 1 AS one;
/* second */ ;
SELECT 'two' AS two;
