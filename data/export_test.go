package data

import "carebook/data/exchange"

// ReadTravelling is every row of table as it travels between offices, for
// the tests outside the package.
func ReadTravelling(s *Store, table string) ([]exchange.Row, error) {
	return s.readTravelling(ctx, s.db, table, "")
}
