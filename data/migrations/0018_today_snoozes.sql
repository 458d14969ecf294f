-- Today's items put off until a day, with a note of why: this computer's
-- own (they do not travel), and never hidden for good — a snooze ends on
-- its day, and each one is in the audit log.
CREATE TABLE today_snoozes (
    item TEXT PRIMARY KEY,      -- the item's key: its kind, case and detail
    until TEXT NOT NULL,        -- the day it shows again
    note TEXT NOT NULL,
    who TEXT NOT NULL,
    at TEXT NOT NULL
);

