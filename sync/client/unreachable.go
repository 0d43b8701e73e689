package client

import (
	"errors"
	"net"
)

// Unreachable reports whether err is the feed not answering: no network, a
// name that does not resolve, a connection refused, reset or timed out.
// Such a sync was not refused, since nothing the feed said was checked;
// it did not happen, and the reader is told to try again when online.
func Unreachable(err error) bool {
	var ne net.Error // *net.OpError, *net.DNSError, *url.Error, timeouts, a stall, the sync's budget
	var se *ServerError
	var te *TransferError
	return errors.As(err, &ne) || errors.As(err, &se) || errors.As(err, &te)
}

// ServerError is a web feed answering a request with an error status
// (a 500, a 502 from a proxy, a 503 while it is down): the file did not
// come, so nothing was checked and nothing was refused.
type ServerError struct {
	Name   string // the feed file asked for
	Status string // "503 Service Unavailable"
}

func (e *ServerError) Error() string { return e.Name + ": the server answered " + e.Status }

// explained is a verification error put in words for a person, keeping
// the error it explains so that callers can still match it with errors.As
// (an expired signature, a rollback, a bad signature).
type explained struct {
	text string
	err  error
}

func (e explained) Error() string { return e.text }
func (e explained) Unwrap() error { return e.err }

func explainErr(err error) error { return explained{explainTUF(err), err} }
