package data

import (
	"context"
	"database/sql"
	"strings"
)

// prepared runs a transaction's statements, each compiled once: applying a
// bundle or joining a foundation writes hundreds of thousands of rows with
// a handful of distinct statements, and compiling each anew (with its
// triggers) was most of the time.
type prepared struct {
	tx *sql.Tx
	m  map[string]*sql.Stmt
}

func newPrepared(tx *sql.Tx) *prepared { return &prepared{tx: tx, m: map[string]*sql.Stmt{}} }

func (p *prepared) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := p.m[query]; ok {
		return st, nil
	}
	st, err := p.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	p.m[query] = st
	return st, nil
}

func (p *prepared) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (p *prepared) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (p *prepared) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := p.stmt(ctx, query)
	if err != nil {
		return p.tx.QueryRowContext(ctx, query, args...) // says the same error
	}
	return st.QueryRowContext(ctx, args...)
}

// Close frees the statements (before the transaction ends).
func (p *prepared) Close() {
	for _, st := range p.m {
		st.Close()
	}
	p.m = nil
}

// stmtsKey carries a transaction's prepared statements in a context: the
// creates inside a batch (RecordBatch's thousand letters) reuse them.
type stmtsKey struct{}

// withStatements makes the writes inside ctx's transaction compile each
// statement once.
func withStatements(ctx context.Context, p *prepared) context.Context {
	return context.WithValue(ctx, stmtsKey{}, p)
}

// stmtsFor is where a write in tx runs its statements: the prepared ones
// ctx carries for tx, else tx itself.
func stmtsFor(ctx context.Context, tx *sql.Tx) execer {
	if p, ok := ctx.Value(stmtsKey{}).(*prepared); ok && p.tx == tx {
		return p
	}
	return tx
}

// execer runs statements: a transaction, or prepared.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	querier
}

// keyWhere is the condition on a row's key columns (key is their values
// joined by "|", as rows travel), column by column so that the table's key
// index serves it.
func keyWhere(cols []string, key string) (string, []any) {
	vals := strings.SplitN(key, "|", len(cols))
	if len(vals) != len(cols) {
		return keyExpr(cols) + " = ?", []any{key}
	}
	parts := make([]string, len(cols))
	args := make([]any, len(cols))
	for i, c := range cols {
		parts[i], args[i] = c+" = ?", vals[i]
	}
	return strings.Join(parts, " AND "), args
}
