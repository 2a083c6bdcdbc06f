-- q0, pass-through: every bid, projected. Measures the source and the framework alone.
CREATE TABLE q0_sink (
    auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), extra VARCHAR
) WITH ('connector' = 'blackhole');

INSERT INTO q0_sink
SELECT auction, bidder, price, dateTime, extra
FROM bid;
