-- q14, calculation: bids whose converted price lies between 1,000,000 and 50,000,000, labelled by
-- the hour of day, with the number of 'c' bytes in their extra field (a user-defined function).
CREATE FUNCTION count_char AS 'com.github.nexmark.flink.udf.CountChar';

CREATE TABLE q14_sink (
    auction BIGINT, bidder BIGINT, price DECIMAL(23, 3), bidTimeType VARCHAR, dateTime TIMESTAMP(3),
    extra VARCHAR, c_counts BIGINT
) WITH ('connector' = 'blackhole');

INSERT INTO q14_sink
SELECT auction, bidder, 0.908 * price AS price,
       CASE
           WHEN HOUR(dateTime) >= 8 AND HOUR(dateTime) <= 18 THEN 'dayTime'
           WHEN HOUR(dateTime) <= 6 OR HOUR(dateTime) >= 20 THEN 'nightTime'
           ELSE 'otherTime'
       END AS bidTimeType,
       dateTime, extra, count_char(extra, 'c') AS c_counts
FROM bid
WHERE 0.908 * price > 1000000 AND 0.908 * price < 50000000;
