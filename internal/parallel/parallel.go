// Package parallel spreads independent work over every core. Loading,
// checking and indexing a large update are each many small, independent
// steps (one file, one body, one text), and the phones Safar runs on have
// several slow cores rather than one fast one.
package parallel

import (
	"runtime"
	"sync"
)

// For calls f(i) for every i in [0, n), on as many goroutines as there are
// cores, and returns when all calls have returned. f must be safe to call
// concurrently; each call should write only its own slot of a result.
func For(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += workers {
				f(i)
			}
		}(w)
	}
	wg.Wait()
}
