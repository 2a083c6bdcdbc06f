-- q1, currency conversion: each bid's price from dollars to euros (× 0.908) as DECIMAL(23, 3).
CREATE TABLE q1_sink (
    auction BIGINT, bidder BIGINT, price DECIMAL(23, 3), dateTime TIMESTAMP(3), extra VARCHAR
) WITH ('connector' = 'blackhole');

INSERT INTO q1_sink
SELECT auction, bidder, 0.908 * price AS price, dateTime, extra
FROM bid;
