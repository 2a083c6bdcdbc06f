-- q22, URL directories: the first three path segments of each bid's URL.
CREATE TABLE q22_sink (
    auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR,
    dir1 VARCHAR, dir2 VARCHAR, dir3 VARCHAR
) WITH ('connector' = 'blackhole');

INSERT INTO q22_sink
SELECT auction, bidder, price, channel,
       SPLIT_INDEX(url, '/', 3) AS dir1,
       SPLIT_INDEX(url, '/', 4) AS dir2,
       SPLIT_INDEX(url, '/', 5) AS dir3
FROM bid;
