-- Today asks, of every open case, since when it is in its status: the
-- newest live status change of each case, read from this index alone.
CREATE INDEX status_changes_live ON status_changes (child_id, at) WHERE deleted_at IS NULL;
