package bank

import "context"

// aheadBatch is how many items a reading goroutine hands over at a time.
const aheadBatch = 256

// ahead runs produce on a goroutine of its own and consume, on the
// caller's, on each item produce emits, in order, while produce goes on a
// few batches ahead: reading and checking a statement's rows on one core
// while the rows before them are classified or written on the other.
// produce must not use what consume uses. The first error of either stops
// both (produce sees its ctx end) and is returned.
func ahead[T any](ctx context.Context, produce func(ctx context.Context, emit func(T) error) error, consume func(*T) error) error {
	batches := make(chan []T, 4)
	readCtx, stop := context.WithCancel(ctx)
	defer stop()
	var produced error
	go func() {
		defer close(batches)
		batch := make([]T, 0, aheadBatch)
		send := func() error {
			select {
			case batches <- batch:
				batch = make([]T, 0, aheadBatch)
				return nil
			case <-readCtx.Done():
				return readCtx.Err()
			}
		}
		produced = produce(readCtx, func(v T) error {
			if batch = append(batch, v); len(batch) == aheadBatch {
				return send()
			}
			return nil
		})
		if produced == nil && len(batch) > 0 {
			produced = send()
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

// eachAhead is Each with the reading a few batches ahead of fn (see ahead).
func (s *Source) eachAhead(ctx context.Context, fn func(Entry) error) error {
	return ahead(ctx, func(ctx context.Context, emit func(Entry) error) error {
		return s.Each(ctx, emit)
	}, func(e *Entry) error { return fn(*e) })
}
