-- A first look at sluice: declare a table over a bundled CSV file, then filter and
-- compute over it. Run it with `./sluice -f sql-examples/orders_filter.sql`.

CREATE TABLE orders (
    order_id   BIGINT,
    customer   STRING,
    product    STRING,
    amount     INT,
    price      DECIMAL(10, 2),
    order_time TIMESTAMP(3),
    WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH (
    'connector' = 'filesystem',
    'path' = 'sql-examples/orders.csv',
    'format' = 'csv',
    'csv.header' = 'true'
);

-- Orders worth more than 50, with the total and the hour they were placed.
SELECT
    order_id,
    UPPER(customer)                   AS customer,
    COALESCE(product, 'unknown')      AS product,
    amount * price                    AS total,
    DATE_FORMAT(order_time, 'HH:mm')  AS placed_at
FROM orders
WHERE amount * price > 50
  AND product NOT LIKE '%cable%';
