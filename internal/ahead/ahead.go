// Package ahead reads ahead: the rows of a file read and decoded on one
// core while the rows before them are written on the other.
package ahead

import "context"

// batchSize is how many items the reading goroutine hands over at a time.
const batchSize = 256

// Run runs produce on a goroutine of its own and consume, on the caller's,
// on each item produce emits, in order, while produce goes on a few
// batches ahead: reading and checking a statement's rows, or decoding a
// bundle's, on one core while the rows before them are classified or
// written on the other. produce must not use what consume uses. The first
// error of either stops both (produce sees its ctx end) and is returned;
// produce has returned when Run does.
func Run[T any](ctx context.Context, produce func(ctx context.Context, emit func(T) error) error, consume func(*T) error) error {
	batches := make(chan []T, 4)
	readCtx, stop := context.WithCancel(ctx)
	defer stop()
	var produced error
	go func() {
		defer close(batches)
		batch := make([]T, 0, batchSize)
		send := func() error {
			select {
			case batches <- batch:
				batch = make([]T, 0, batchSize)
				return nil
			case <-readCtx.Done():
				return readCtx.Err()
			}
		}
		produced = produce(readCtx, func(v T) error {
			if batch = append(batch, v); len(batch) == batchSize {
				return send()
			}
			return nil
		})
		// The items emitted before an error of produce are consumed
		// before it is seen, as they would be one after the other: an
		// error the consumer finds in one of them comes first.
		if len(batch) > 0 {
			if err := send(); produced == nil {
				produced = err
			}
		}
	}()
	var consumed error
	for b := range batches {
		for i := 0; i < len(b) && consumed == nil; i++ {
			if consumed = consume(&b[i]); consumed != nil {
				stop() // the producer stops; what it sent is let go
			}
		}
	}
	if consumed != nil {
		return consumed
	}
	return produced
}
