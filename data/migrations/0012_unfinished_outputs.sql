-- Files a batch of letters is writing, recorded (and committed) before the
-- first is written and removed in the transaction that records the letters
-- and marks the donations thanked. A row still here names a file that was
-- written while its letters were never recorded (Carebook was stopped in
-- between): the next batch writes those letters again and says so, and
-- check lists the file. This computer's own bookkeeping: it never travels.
CREATE TABLE unfinished_outputs (
    id         TEXT PRIMARY KEY,
    batch      TEXT NOT NULL,  -- the rows of one batch share it
    path       TEXT NOT NULL,  -- the file, or the folder of per-donor files
    started_at TEXT NOT NULL
);
