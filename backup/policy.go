package backup

import (
	"context"
	"time"

	"carebook/data"
)

// When Carebook backs up by itself: at the first start of each day, and when
// the window closes after changes. A database that takes no changes
// (damaged, read-only, full disk) is not backed up by itself: a backup
// there is for a person to decide.

// OverdueAfter is how long without a good backup before Carebook warns.
const OverdueAfter = 7 * 24 * time.Hour

// DueOnStart says whether this start is the first of the day without a
// backup.
func DueOnStart(ctx context.Context, s *data.Store, now time.Time) bool {
	if s.ReadOnly() != nil {
		return false
	}
	last, err := s.LastBackup(ctx)
	return err == nil && (last == nil || data.DateOf(last.At) != data.DateOf(now))
}

// DueOnClose says whether something changed since the last backup.
func DueOnClose(ctx context.Context, s *data.Store) bool {
	if s.ReadOnly() != nil {
		return false
	}
	last, err := s.LastBackup(ctx)
	if err != nil {
		return false
	}
	mark, err := s.ChangeMark(ctx)
	return err == nil && (last == nil || mark > last.ChangeMark)
}

// Overdue says whether the last good backup is older than OverdueAfter, or
// there is none although the database has been in use that long; last is
// nil when there is none.
func Overdue(ctx context.Context, s *data.Store, now time.Time) (last *data.BackupRecord, overdue bool) {
	last, err := s.LastBackup(ctx)
	if err != nil {
		return nil, false
	}
	if last == nil {
		first, err := s.FirstChange(ctx)
		return nil, err == nil && !first.IsZero() && now.Sub(first) > OverdueAfter
	}
	return last, now.Sub(last.At) > OverdueAfter
}

// Today is what the backups add to Today's list, for who looks after the
// foundation (a director or an administrator): the last good backup is
// older than the schedule.
func Today(ctx context.Context, s *data.Store, now time.Time) []data.TodayItem {
	if !s.May(ctx, data.MayDirect) && !s.May(ctx, data.MayAdminister) {
		return nil
	}
	last, overdue := Overdue(ctx, s, now)
	if !overdue {
		return nil
	}
	it := data.TodayItem{Group: data.TodayFoundation, Kind: data.TodayBackupOverdue, Count: 1}
	if last != nil {
		it.Due = data.DateOf(last.At)
	}
	return []data.TodayItem{it}
}
