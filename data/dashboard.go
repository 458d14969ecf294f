package data

import (
	"context"
	"database/sql"
)

// The questions the Dashboard asks besides the grant report's: how long
// cases take to be funded, and which donors are new.

// DaysToFunded is, over the cases that became Funded from..to, the average
// number of days from their intake (the case's creation) to that day, and
// how many cases it is over.
func (s *Store) DaysToFunded(ctx context.Context, from, to Date) (avg float64, cases int, err error) {
	var n int
	var days sql.NullFloat64
	err = s.q(ctx).QueryRowContext(ctx, `SELECT count(*), avg(julianday(substr(f.at, 1, 10)) - julianday(substr(ch.created_at, 1, 10)))
		FROM (SELECT child_id, min(at) AS at FROM status_changes WHERE to_status = 'funded' AND deleted_at IS NULL GROUP BY child_id) f
		JOIN children ch ON ch.id = f.child_id
		WHERE ch.deleted_at IS NULL AND substr(f.at, 1, 10) BETWEEN ? AND ?`, from.String(), to.String()).Scan(&n, &days)
	return days.Float64, n, err
}

// DonorsWhoGave counts the donors who gave from..to: for the first time
// (their first gift in the period), or again.
func (s *Store) DonorsWhoGave(ctx context.Context, from, to Date) (first, again int, err error) {
	var f, a sql.NullInt64
	err = s.q(ctx).QueryRowContext(ctx, `SELECT sum(first >= ?1), sum(first < ?1) FROM (
		SELECT donor_id, min(received_on) AS first FROM donations
		WHERE deleted_at IS NULL AND donor_id IS NOT NULL AND received_on <= ?2
		GROUP BY donor_id HAVING max(received_on) >= ?1)`, from.String(), to.String()).Scan(&f, &a)
	return int(f.Int64), int(a.Int64), err
}
