/// Nexmark SQL in the shape of the reference suite (`../shared/NEXMARK.md`): the `nexmark` table,
/// the three views, and one script per query, with the `${…}` placeholders already substituted as
/// the harness does. Written for these tests from NEXMARK.md's descriptions; they use every construct
/// the reference files use (nested ROW columns, computed column, watermark, window TVFs, legacy
/// SESSION group windows, FILTER, OVER, FOR SYSTEM_TIME AS OF, PARTITIONED BY, CREATE FUNCTION).
enum NexmarkSQL {
    static let table = """
        CREATE TABLE nexmark (
            event_type int,
            person ROW<
                id  BIGINT,
                name  VARCHAR,
                emailAddress  VARCHAR,
                creditCard  VARCHAR,
                city  VARCHAR,
                state  VARCHAR,
                dateTime TIMESTAMP(3),
                extra  VARCHAR>,
            auction ROW<
                id  BIGINT,
                itemName  VARCHAR,
                description  VARCHAR,
                initialBid  BIGINT,
                reserve  BIGINT,
                dateTime  TIMESTAMP(3),
                expires  TIMESTAMP(3),
                seller  BIGINT,
                category  BIGINT,
                extra  VARCHAR>,
            bid ROW<
                auction  BIGINT,
                bidder  BIGINT,
                price  BIGINT,
                channel  VARCHAR,
                url  VARCHAR,
                dateTime  TIMESTAMP(3),
                extra  VARCHAR>,
            dateTime AS
                CASE
                    WHEN event_type = 0 THEN person.dateTime
                    WHEN event_type = 1 THEN auction.dateTime
                    ELSE bid.dateTime
                END,
            WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND
        ) WITH (
            'connector' = 'nexmark',
            'first-event.rate' = '10000',
            'next-event.rate' = '10000',
            'events.num' = '100000000',
            'person.proportion' = '1',
            'auction.proportion' = '3',
            'bid.proportion' = '46'
        );
        """

    static let views = """
        CREATE VIEW person AS
        SELECT person.id, person.name, person.emailAddress, person.creditCard, person.city, person.state,
               dateTime, person.extra
        FROM nexmark WHERE event_type = 0;

        CREATE VIEW auction AS
        SELECT auction.id, auction.itemName, auction.description, auction.initialBid, auction.reserve,
               dateTime, auction.expires, auction.seller, auction.category, auction.extra
        FROM nexmark WHERE event_type = 1;

        CREATE VIEW bid AS
        SELECT bid.auction, bid.bidder, bid.price, bid.channel, bid.url, dateTime, bid.extra
        FROM nexmark WHERE event_type = 2;
        """

    /// One script per query: a sink table and the INSERT (q14 also creates its function).
    static let queries: [(name: String, sql: String)] = [
        ("q0", """
            CREATE TABLE nexmark_q0 (auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), extra VARCHAR)
            WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q0 SELECT auction, bidder, price, dateTime, extra FROM bid;
            """),
        ("q1", """
            -- bids in euros
            CREATE TABLE nexmark_q1 (auction BIGINT, bidder BIGINT, price DECIMAL(23, 3), dateTime TIMESTAMP(3), extra VARCHAR)
            WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q1
            SELECT auction, bidder, 0.908 * price as price, -- dollars to euros
                   dateTime, extra
            FROM bid;
            """),
        ("q2", """
            CREATE TABLE nexmark_q2 (auction BIGINT, price BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q2 SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0;
            """),
        ("q3", """
            CREATE TABLE nexmark_q3 (name VARCHAR, city VARCHAR, state VARCHAR, id BIGINT)
            WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q3
            SELECT P.name, P.city, P.state, A.id
            FROM auction AS A INNER JOIN person AS P on A.seller = P.id
            WHERE A.category = 10 and (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA');
            """),
        ("q4", """
            CREATE TABLE nexmark_q4 (id BIGINT, final BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q4
            SELECT Q.category, AVG(Q.final)
            FROM (
                SELECT MAX(B.price) AS final, A.category
                FROM auction A, bid B
                WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
                GROUP BY A.id, A.category
            ) Q
            GROUP BY Q.category;
            """),
        ("q5", """
            CREATE TABLE nexmark_q5 (auction BIGINT, num BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q5
            SELECT AuctionBids.auction, AuctionBids.num
            FROM (
                SELECT auction, count(*) AS num, window_start AS starttime, window_end AS endtime
                FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
                GROUP BY auction, window_start, window_end
            ) AS AuctionBids
            JOIN (
                SELECT max(CountBids.num) AS maxn, CountBids.starttime, CountBids.endtime
                FROM (
                    SELECT count(*) AS num, window_start AS starttime, window_end AS endtime
                    FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
                    GROUP BY auction, window_start, window_end
                ) AS CountBids
                GROUP BY CountBids.starttime, CountBids.endtime
            ) AS MaxBids
            ON AuctionBids.starttime = MaxBids.starttime AND
               AuctionBids.endtime = MaxBids.endtime AND
               AuctionBids.num >= MaxBids.maxn;
            """),
        ("q6", """
            CREATE TABLE nexmark_q6 (seller VARCHAR, avg_price BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q6
            SELECT Q.seller,
                   AVG(Q.price) OVER (PARTITION BY Q.seller ORDER BY Q.dateTime ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)
            FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY A.id, A.seller ORDER BY B.price DESC) AS rownum
                FROM (SELECT A.id, A.seller, B.price, B.dateTime
                      FROM auction AS A, bid AS B
                      WHERE A.id = B.auction and B.dateTime between A.dateTime and A.expires)
                WHERE rownum <= 1
            ) AS Q;
            """),
        ("q7", """
            CREATE TABLE nexmark_q7 (auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), extra VARCHAR)
            WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q7
            SELECT B.auction, B.bidder, B.price, B.dateTime, B.extra
            from bid B
            JOIN (
                SELECT MAX(price) AS maxprice, window_end as dateTime
                FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
                GROUP BY window_start, window_end
            ) B1
            ON B.price = B1.maxprice
            WHERE B.dateTime BETWEEN B1.dateTime - INTERVAL '10' SECOND AND B1.dateTime;
            """),
        ("q8", """
            CREATE TABLE nexmark_q8 (id BIGINT, name VARCHAR, stime TIMESTAMP(3)) WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q8
            SELECT P.id, P.name, P.starttime
            FROM (
                SELECT id, name, window_start AS starttime, window_end AS endtime
                FROM TABLE(TUMBLE(TABLE person, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
                GROUP BY id, name, window_start, window_end
            ) P
            JOIN (
                SELECT seller, window_start AS starttime, window_end AS endtime
                FROM TABLE(TUMBLE(TABLE auction, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))
                GROUP BY seller, window_start, window_end
            ) A
            ON P.id = A.seller AND P.starttime = A.starttime AND P.endtime = A.endtime;
            """),
        ("q9", """
            CREATE TABLE nexmark_q9 (
                id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT, reserve BIGINT,
                dateTime TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR,
                auction BIGINT, bidder BIGINT, price BIGINT, bid_dateTime TIMESTAMP(3), bid_extra VARCHAR
            ) WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q9
            SELECT id, itemName, description, initialBid, reserve, dateTime, expires, seller, category, extra,
                   auction, bidder, price, bid_dateTime, bid_extra
            FROM (
                SELECT A.*, B.auction, B.bidder, B.price, B.dateTime AS bid_dateTime, B.extra AS bid_extra,
                       ROW_NUMBER() OVER (PARTITION BY A.id ORDER BY B.price DESC, B.dateTime ASC) AS rownum
                FROM auction A, bid B
                WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
            )
            WHERE rownum <= 1;
            """),
        ("q10", """
            CREATE TABLE nexmark_q10 (
                auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), extra VARCHAR, dt STRING, hm STRING
            ) PARTITIONED BY (dt, hm) WITH (
                'connector' = 'filesystem',
                'path' = 'file:///tmp/nexmark/data/output/1700000000/bid/',
                'format' = 'csv',
                'sink.partition-commit.trigger' = 'partition-time',
                'sink.partition-commit.delay' = '1 min',
                'sink.partition-commit.policy.kind' = 'success-file',
                'partition.time-extractor.timestamp-pattern' = '$dt $hm:00',
                'sink.rolling-policy.rollover-interval' = '1min',
                'sink.rolling-policy.check-interval' = '1min'
            );
            INSERT INTO nexmark_q10
            SELECT auction, bidder, price, dateTime, extra,
                   DATE_FORMAT(dateTime, 'yyyy-MM-dd'), DATE_FORMAT(dateTime, 'HH:mm')
            FROM bid;
            """),
        ("q11", """
            CREATE TABLE nexmark_q11 (bidder BIGINT, bid_count BIGINT, starttime TIMESTAMP(3), endtime TIMESTAMP(3))
            WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q11
            SELECT B.bidder, count(*) as bid_count,
                   SESSION_START(B.dateTime, INTERVAL '10' SECOND) as starttime,
                   SESSION_END(B.dateTime, INTERVAL '10' SECOND) as endtime
            FROM bid B
            GROUP BY B.bidder, SESSION(B.dateTime, INTERVAL '10' SECOND);
            """),
        ("q12", """
            CREATE TABLE nexmark_q12 (bidder BIGINT, bid_count BIGINT, starttime TIMESTAMP(3), endtime TIMESTAMP(3))
            WITH ('connector' = 'blackhole');
            CREATE VIEW B AS SELECT *, PROCTIME() as p_time FROM bid;
            INSERT INTO nexmark_q12
            SELECT bidder, count(*) as bid_count, window_start AS starttime, window_end AS endtime
            FROM TABLE(TUMBLE(TABLE B, DESCRIPTOR(p_time), INTERVAL '10' SECOND))
            GROUP BY bidder, window_start, window_end;
            """),
        ("q13", """
            CREATE TABLE side_input (key BIGINT, `value` VARCHAR) WITH (
                'connector' = 'filesystem', 'path' = 'file:///tmp/nexmark/data/side_input.txt', 'format' = 'csv'
            );
            CREATE TABLE nexmark_q13 (auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), `value` VARCHAR)
            WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q13
            SELECT B.auction, B.bidder, B.price, B.dateTime, S.`value`
            FROM (SELECT *, PROCTIME() as p_time FROM bid) B
            JOIN side_input FOR SYSTEM_TIME AS OF B.p_time AS S
            ON mod(B.auction, 10000) = S.key;
            """),
        ("q14", """
            CREATE FUNCTION count_char AS 'com.github.nexmark.flink.udf.CountChar';
            CREATE TABLE nexmark_q14 (
                auction BIGINT, bidder BIGINT, price DECIMAL(23, 3), bidTimeType VARCHAR, dateTime TIMESTAMP(3),
                extra VARCHAR, c_counts BIGINT
            ) WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q14
            SELECT auction, bidder, 0.908 * price as price,
                   CASE
                       WHEN HOUR(dateTime) >= 8 AND HOUR(dateTime) <= 18 THEN 'dayTime'
                       WHEN HOUR(dateTime) <= 6 OR HOUR(dateTime) >= 20 THEN 'nightTime'
                       ELSE 'otherTime'
                   END AS bidTimeType,
                   dateTime, extra, count_char(extra, 'c') AS c_counts
            FROM bid
            WHERE 0.908 * price > 1000000 AND 0.908 * price < 50000000;
            """),
        ("q15", """
            CREATE TABLE nexmark_q15 (
                `day` VARCHAR, total_bids BIGINT, rank1_bids BIGINT, rank2_bids BIGINT, rank3_bids BIGINT,
                total_bidders BIGINT, rank1_bidders BIGINT, rank2_bidders BIGINT, rank3_bidders BIGINT,
                total_auctions BIGINT, rank1_auctions BIGINT, rank2_auctions BIGINT, rank3_auctions BIGINT
            ) WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q15
            SELECT DATE_FORMAT(dateTime, 'yyyy-MM-dd') as `day`,
                   count(*) AS total_bids,
                   count(*) filter (where price < 10000) AS rank1_bids,
                   count(*) filter (where price >= 10000 and price < 1000000) AS rank2_bids,
                   count(*) filter (where price >= 1000000) AS rank3_bids,
                   count(distinct bidder) AS total_bidders,
                   count(distinct bidder) filter (where price < 10000) AS rank1_bidders,
                   count(distinct bidder) filter (where price >= 10000 and price < 1000000) AS rank2_bidders,
                   count(distinct bidder) filter (where price >= 1000000) AS rank3_bidders,
                   count(distinct auction) AS total_auctions,
                   count(distinct auction) filter (where price < 10000) AS rank1_auctions,
                   count(distinct auction) filter (where price >= 10000 and price < 1000000) AS rank2_auctions,
                   count(distinct auction) filter (where price >= 1000000) AS rank3_auctions
            FROM bid
            GROUP BY DATE_FORMAT(dateTime, 'yyyy-MM-dd');
            """),
        ("q16", """
            CREATE TABLE nexmark_q16 (
                channel VARCHAR, `day` VARCHAR, `minute` VARCHAR, total_bids BIGINT, rank1_bids BIGINT,
                total_bidders BIGINT, rank1_bidders BIGINT, total_auctions BIGINT, rank1_auctions BIGINT
            ) WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q16
            SELECT channel, DATE_FORMAT(dateTime, 'yyyy-MM-dd') as `day`,
                   max(DATE_FORMAT(dateTime, 'HH:mm')) as `minute`,
                   count(*) AS total_bids,
                   count(*) filter (where price < 10000) AS rank1_bids,
                   count(distinct bidder) AS total_bidders,
                   count(distinct bidder) filter (where price < 10000) AS rank1_bidders,
                   count(distinct auction) AS total_auctions,
                   count(distinct auction) filter (where price < 10000) AS rank1_auctions
            FROM bid
            GROUP BY channel, DATE_FORMAT(dateTime, 'yyyy-MM-dd');
            """),
        ("q17", """
            CREATE TABLE nexmark_q17 (
                auction BIGINT, `day` VARCHAR, total_bids BIGINT, rank1_bids BIGINT, rank2_bids BIGINT,
                rank3_bids BIGINT, min_price BIGINT, max_price BIGINT, avg_price BIGINT, sum_price BIGINT
            ) WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q17
            SELECT auction, DATE_FORMAT(dateTime, 'yyyy-MM-dd') as `day`,
                   count(*) AS total_bids,
                   count(*) filter (where price < 10000) AS rank1_bids,
                   count(*) filter (where price >= 10000 and price < 1000000) AS rank2_bids,
                   count(*) filter (where price >= 1000000) AS rank3_bids,
                   min(price) AS min_price, max(price) AS max_price, avg(price) AS avg_price, sum(price) AS sum_price
            FROM bid
            GROUP BY auction, DATE_FORMAT(dateTime, 'yyyy-MM-dd');
            """),
        ("q18", """
            CREATE TABLE nexmark_q18 (
                auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, dateTime TIMESTAMP(3),
                extra VARCHAR
            ) WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q18
            SELECT auction, bidder, price, channel, url, dateTime, extra
            FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY dateTime DESC) AS rank_number
                  FROM bid)
            WHERE rank_number <= 1;
            """),
        ("q19", """
            CREATE TABLE nexmark_q19 (
                auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, dateTime TIMESTAMP(3),
                extra VARCHAR, rank_number BIGINT
            ) WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q19
            SELECT * FROM
            (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rank_number FROM bid)
            WHERE rank_number <= 10;
            """),
        ("q20", """
            CREATE TABLE nexmark_q20 (
                auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
                bid_dateTime TIMESTAMP(3), bid_extra VARCHAR,

                itemName VARCHAR, description VARCHAR, initialBid BIGINT, reserve BIGINT,
                auction_dateTime TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT,
                auction_extra VARCHAR
            ) WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q20
            SELECT auction, bidder, price, channel, url, B.dateTime, B.extra,
                   itemName, description, initialBid, reserve, A.dateTime, expires, seller, category, A.extra
            FROM bid AS B INNER JOIN auction AS A on B.auction = A.id
            WHERE A.category = 10;
            """),
        ("q21", """
            CREATE TABLE nexmark_q21 (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, channel_id VARCHAR)
            WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q21
            SELECT auction, bidder, price, channel,
                   CASE
                       WHEN lower(channel) = 'apple' THEN '0'
                       WHEN lower(channel) = 'google' THEN '1'
                       WHEN lower(channel) = 'facebook' THEN '2'
                       WHEN lower(channel) = 'baidu' THEN '3'
                       ELSE REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2)
                   END
                   AS channel_id FROM bid
            where REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2) is not null or
                  lower(channel) in ('apple', 'google', 'facebook', 'baidu');
            """),
        ("q22", """
            CREATE TABLE nexmark_q22 (
                auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, dir1 VARCHAR, dir2 VARCHAR, dir3 VARCHAR
            ) WITH ('connector' = 'blackhole');
            INSERT INTO nexmark_q22
            SELECT auction, bidder, price, channel,
                   SPLIT_INDEX(url, '/', 3) as dir1,
                   SPLIT_INDEX(url, '/', 4) as dir2,
                   SPLIT_INDEX(url, '/', 5) as dir3 FROM bid;
            """),
    ]
}
