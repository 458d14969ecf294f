package ahead

import (
	"context"
	"errors"
	"testing"
)

// Every item arrives once and in order, across batches, and the last
// partial batch too.
func TestRunKeepsTheOrder(t *testing.T) {
	const n = 3*batchSize + 7
	next := 0
	err := Run(context.Background(), func(ctx context.Context, emit func(int) error) error {
		for i := range n {
			if err := emit(i); err != nil {
				return err
			}
		}
		return nil
	}, func(v *int) error {
		if *v != next {
			t.Fatalf("item %d arrived where %d was due", *v, next)
		}
		next++
		return nil
	})
	if err != nil || next != n {
		t.Fatalf("%d of %d items, %v", next, n, err)
	}
}

// The consumer's error stops the producer, which has returned when Run
// does (the file it reads may be closed then); the producer's error comes
// after the items it emitted before it.
func TestRunStopsBothOnAnError(t *testing.T) {
	refused := errors.New("refused")
	producing := true
	err := Run(context.Background(), func(ctx context.Context, emit func(int) error) error {
		defer func() { producing = false }()
		for i := 0; ; i++ {
			if err := emit(i); err != nil {
				return err
			}
		}
	}, func(v *int) error {
		if *v == 10 {
			return refused
		}
		return nil
	})
	if !errors.Is(err, refused) || producing {
		t.Fatalf("the consumer's error: %v, still producing: %v", err, producing)
	}

	broken := errors.New("damaged at row 300")
	seen := 0
	err = Run(context.Background(), func(ctx context.Context, emit func(int) error) error {
		for i := range 300 {
			if err := emit(i); err != nil {
				return err
			}
		}
		return broken
	}, func(*int) error { seen++; return nil })
	if !errors.Is(err, broken) || seen != 300 {
		t.Fatalf("the producer's error: %v after %d of 300 items", err, seen)
	}
}
