package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"sync/atomic"
	"time"
)

// Every file of a web feed is read with the patience a phone's link needs
// and no more (issue 16 §7):
//   - a transfer that delivers no byte for the stall time (Options.Timeout,
//     20 s) is given up at once, whatever its size;
//   - a failed or stalled transfer is tried again after a wait that grows
//     and is jittered, so that many phones do not come back at once, and
//     continues where it stopped (a Range request);
//   - no wait may pass the sync's budget (Options.Budget), the deadline of
//     the whole sync.
//
// Only failures of the network are tried again; what the feed said is
// never asked twice in the hope of another answer.

// retryBase is the first wait before trying a failed transfer again; each
// further wait doubles it. Tests shorten it.
var retryBase = time.Second

// maxAttempts is how many times a transfer is tried without a byte of
// progress in between.
const maxAttempts = 5

// remote is a source that reads over a network, whose failures may pass.
type remote interface{ remote() }

func (*WebSource) remote() {}

// patient is a remote source read as described above.
type patient struct {
	Source
	stall time.Duration
}

func (p *patient) Open(ctx context.Context, name string, offset int64) (io.ReadCloser, error) {
	r := &resuming{p: p, ctx: ctx, name: name, offset: offset}
	if err := r.open(); err != nil {
		return nil, err
	}
	return r, nil
}

// StallError is a transfer that delivered no byte for the stall time.
type StallError struct {
	Name  string
	After time.Duration
}

func (e *StallError) Error() string {
	return fmt.Sprintf("%s: no data came for %s; the connection is too slow or has stopped", e.Name, e.After)
}
func (e *StallError) Timeout() bool   { return true }
func (e *StallError) Temporary() bool { return true }

// TransferError is a transfer that broke off (the connection was reset or
// closed early): a failure of the network, not of the feed.
type TransferError struct {
	Name string
	Err  error
}

func (e *TransferError) Error() string {
	return fmt.Sprintf("%s: the transfer broke off: %v", e.Name, e.Err)
}
func (e *TransferError) Unwrap() error { return e.Err }

// resuming is one file of a patient source, re-opened where it stopped
// when its transfer fails.
type resuming struct {
	p       *patient
	ctx     context.Context
	name    string
	offset  int64 // of the next byte to read
	attempt int   // failures since the last progress

	body    io.ReadCloser // nil after a failure, until the next Read opens it again
	cancel  context.CancelFunc
	timer   *time.Timer
	stalled atomic.Bool
}

// open opens the file at r.offset, trying again while that may help.
func (r *resuming) open() error {
	for {
		err := r.try()
		if err == nil {
			return nil
		}
		if !r.wait(err) {
			return err
		}
	}
}

// try opens the file once, with a stall timer that cuts the transfer when
// no byte comes for the stall time (the answer's headers included).
func (r *resuming) try() error {
	ctx, cancel := context.WithCancel(r.ctx)
	r.stalled.Store(false)
	timer := time.AfterFunc(r.p.stall, func() { r.stalled.Store(true); cancel() })
	body, err := r.p.Source.Open(ctx, r.name, r.offset)
	if err != nil {
		timer.Stop()
		cancel()
		return r.explain(err)
	}
	r.body, r.cancel, r.timer = body, cancel, timer
	return nil
}

func (r *resuming) Read(b []byte) (int, error) {
	if r.body == nil {
		if err := r.open(); err != nil {
			return 0, err
		}
	}
	n, err := r.body.Read(b)
	if n > 0 {
		r.offset += int64(n)
		r.attempt = 0
		r.timer.Reset(r.p.stall)
	}
	if err == nil || errors.Is(err, io.EOF) {
		return n, err
	}
	r.drop()
	err = r.explainBroken(err)
	if n > 0 {
		return n, nil // the next Read continues from here
	}
	if !r.wait(err) {
		return 0, err
	}
	return r.Read(b)
}

// explain names a failure: a stall, the reader or budget stopping the
// sync, a broken transfer, or what the source said.
func (r *resuming) explain(err error) error {
	switch {
	case r.ctx.Err() != nil:
		return r.ctx.Err()
	case r.stalled.Load():
		return &StallError{Name: r.name, After: r.p.stall}
	}
	return err
}

// explainBroken is explain for a transfer that failed after it began: a
// failure of the network, whatever the error says.
func (r *resuming) explainBroken(err error) error {
	err = r.explain(err)
	if r.ctx.Err() != nil || Unreachable(err) {
		return err
	}
	return &TransferError{Name: r.name, Err: err}
}

// wait waits before the next attempt after err, and reports whether one
// should be made: only for a network failure, within maxAttempts, and
// when the wait ends before the sync's deadline.
func (r *resuming) wait(err error) bool {
	if !Unreachable(err) || r.ctx.Err() != nil || r.attempt+1 >= maxAttempts {
		return false
	}
	d := retryBase << r.attempt
	d = d/2 + rand.N(d) // jitter: between half and one and a half times
	if deadline, ok := r.ctx.Deadline(); ok && time.Now().Add(d).After(deadline) {
		return false
	}
	r.attempt++
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-r.ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// drop closes a failed transfer.
func (r *resuming) drop() {
	if r.body != nil {
		r.timer.Stop()
		r.body.Close()
		r.cancel()
		r.body = nil
	}
}

func (r *resuming) Close() error {
	if r.body == nil {
		return nil
	}
	r.timer.Stop()
	err := r.body.Close()
	r.cancel()
	r.body = nil
	return err
}
