CREATE TABLE o (order_id BIGINT, customer STRING, product STRING, amount INT,
                price DECIMAL(10, 2), order_time TIMESTAMP(3))
WITH ('connector' = 'filesystem', 'path' = 'orders.csv', 'format' = 'csv', 'csv.header' = 'true');
SELECT order_id, product, price, order_time FROM o WHERE order_id IN (1003, 1007, 1009, 1010);
