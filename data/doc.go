// Package data is Carebook's store: one SQLite database per office, opened,
// checked and locked here, with a file per entity and the office exchange
// engine beside them. The words it uses (case, status, earmark, gap, office,
// conflict…) are defined in docs/domain.md.
//
// Where things live:
//
//	open.go probe.go lock.go      opening a database: what a file is before SQLite
//	checkmark.go crash.go         touches it, the process locks, the quick check on
//	                              open, the test hooks that simulate a kill
//	db.go migrations/             the Store, its transactions, the numbered migrations
//	check.go                      carebook check: integrity, files, repairs
//	errors.go                     every error kind the store returns, with its meaning
//	table.go                      the generic create/read/update/trash of one table
//	child.go guardian.go          the entities, one file each, with their validation
//	consent.go document.go
//	journey.go estimate.go
//	donor.go donation.go
//	payment.go letter.go
//	status.go enums.go            the case workflow and the closed vocabularies
//	checklist.go docinfo.go       required papers; previews and page counts
//	files.go export.go            documents' bytes attached, opened, saved, purged
//	funding.go rates.go           a child's money picture; exchange rates
//	ratescsv.go importing.go      what a rates file or a bank statement import writes
//	thanks.go templates.go        thank-you letters: which donations, which words
//	settings.go                   the foundation's and this computer's settings
//	audit.go                      who changed what
//	outputs.go paths.go           where Carebook keeps things, and what a person's
//	                              output may never overwrite
//	backuplog.go                  what the backups read and record
//	office.go                     who this database is: head office or a region
//	sync*.go                      the exchange engine: bundles out (sync_bundle),
//	                              in (sync_apply), conflicts (sync_conflicts), the
//	                              hub's side (sync_hub)
//	text.go dates.go              typed text and dates, checked and folded
//
// Beside it: data/filestore (the documents' folder, atomic writes, safe file
// names), data/exchange (the bundle format), data/hlc (the clocks that order
// changes between offices), and at the top level money (amounts and their
// words), bank (statement formats), backup, hub (PostgreSQL) and demo, which
// use the store and are never used by it.
package data
