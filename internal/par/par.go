// Package par runs independent pieces of work on every processor. POPs
// are many small files: the work per item is short, so items are handed
// out by an atomic counter rather than over a channel.
package par

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// Each calls fn(i) for every i in [0, n), on twice as many goroutines as
// processors, so that one waiting for the disk does not leave a processor
// idle. Once ctx is done no further item is started. Each returns when
// every started call has returned.
func Each(ctx context.Context, n int, fn func(i int)) {
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(2*runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n && ctx.Err() == nil; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		}()
	}
	wg.Wait()
}
