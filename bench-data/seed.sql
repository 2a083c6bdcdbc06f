-- The introductory job as SQL: drop the orange events and count the rest per color.
-- Run: .build/release/sluice sql bench-data/seed.sql
CREATE TABLE events (
  ts TIMESTAMP(3),
  color STRING,
  shape STRING,
  `value` INT,
  price DECIMAL(10, 2)
) WITH (
  'connector' = 'filesystem',
  'path' = 'bench-data/events.csv',
  'format' = 'csv'
);

SET 'execution.runtime-mode' = 'batch';

SELECT color, COUNT(*) AS cnt
FROM events
WHERE color <> 'orange'
GROUP BY color
ORDER BY color;
