-- q10, log to a file system: every bid as CSV, partitioned by day and hour:minute of its event
-- time; a partition is committed (a _SUCCESS file) once the watermark passes it.
CREATE TABLE q10_sink (
    auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), extra VARCHAR,
    dt STRING, hm STRING
) PARTITIONED BY (dt, hm) WITH (
    'connector' = 'filesystem',
    'path' = 'file://${NEXMARK_DIR}/data/output/${SUBMIT_TIME}/bid/',
    'format' = 'csv',
    'sink.partition-commit.trigger' = 'partition-time',
    'sink.partition-commit.delay' = '1 min',
    'sink.partition-commit.policy.kind' = 'success-file',
    'partition.time-extractor.timestamp-pattern' = '$dt $hm:00',
    'sink.rolling-policy.rollover-interval' = '1min',
    'sink.rolling-policy.check-interval' = '1min'
);

INSERT INTO q10_sink
SELECT auction, bidder, price, dateTime, extra,
       DATE_FORMAT(dateTime, 'yyyy-MM-dd') AS dt,
       DATE_FORMAT(dateTime, 'HH:mm') AS hm
FROM bid;
