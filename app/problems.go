package app

import (
	"archive/zip"
	"errors"
	"net"
	"net/http"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/theupdateframework/go-tuf/v2/metadata"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/sync/client"
)

// problem is an error as the reader is told it: a sentence in their
// language naming what happened, and the technical words behind a
// "Details" control for whoever helps them.
type problem struct {
	message string
	detail  string
}

// errNotAnUpdate is a picked file that cannot hold a feed at all.
var errNotAnUpdate = errors.New("not a folder or a .zip file")

// updateProblem says what went wrong with an update from feed. Errors are
// told apart by their type, never their text: no connection and an
// unreachable server are not refusals, and a refusal says why in words.
func (a *App) updateProblem(err error, fromFile bool) problem {
	p := problem{detail: err.Error()}
	var refusal *client.Refusal
	var download *metadata.ErrDownloadHTTP
	switch {
	case errors.Is(err, errNotAnUpdate), errors.Is(err, zip.ErrFormat),
		fromFile && errors.As(err, &download) && download.StatusCode == http.StatusNotFound:
		// A file or folder with no feed in it.
		p.message = a.loc.T("ProblemNotAnUpdate")
	case client.Unreachable(err) && offline(err):
		p.message = a.loc.T("ProblemNoConnection")
	case client.Unreachable(err), errors.As(err, &download):
		p.message = a.loc.T("ProblemFeedUnreachable")
	case errors.As(err, &refusal):
		p.message = a.loc.T(refusalMessage(refusal)) + " " + a.loc.T("NothingChanged")
	default:
		p.message = a.loc.T("ProblemUpdateFailed") + " " + a.loc.T("NothingChanged")
	}
	return p
}

// offline reports whether err says this device has no way out: names do
// not resolve, or no network or route is up. A server that refuses or
// does not answer in time is reachable in principle: that is the feed.
func offline(err error) bool {
	var dns *net.DNSError
	return errors.As(err, &dns) || errors.Is(err, syscall.ENETUNREACH) ||
		errors.Is(err, syscall.ENETDOWN) || errors.Is(err, syscall.EHOSTUNREACH) ||
		errors.Is(err, syscall.EADDRNOTAVAIL)
}

// refusalMessage names why an update was refused, in the reader's words.
func refusalMessage(r *client.Refusal) string {
	var problems *content.ProblemError
	switch {
	case errors.As(r, new(*metadata.ErrExpiredMetadata)):
		return "RefusedExpired"
	case errors.As(r, new(*metadata.ErrBadVersionNumber)):
		return "RefusedRollback"
	case errors.As(r, new(*metadata.ErrUnsignedMetadata)):
		return "RefusedSignature"
	case errors.As(r, new(*metadata.ErrLengthOrHashMismatch)):
		return "RefusedDamaged"
	case errors.As(r, &problems):
		return "RefusedContent"
	}
	return "RefusedOther"
}

// problemView shows a problem: the sentence with a warning sign, and a
// Details button that shows the technical words, left to right as they
// are written, so they do not come out reversed on a right-to-left screen.
func (a *App) problemView(p problem) fyne.CanvasObject {
	box := vbox(a.warning(p.message))
	if p.detail == "" {
		return box
	}
	detail := a.para(p.detail, "en", text.Small)
	detail.Hide()
	var toggle *text.Button
	toggle = a.button(a.loc.T("Details"), theme.InfoIcon(), func() {
		if detail.Visible() {
			detail.Hide()
			toggle.SetText(a.loc.T("Details"))
		} else {
			detail.Show()
			toggle.SetText(a.loc.T("HideDetails"))
		}
		box.Refresh()
	})
	box.Add(toggle)
	box.Add(detail)
	return box
}

// errorText shows a failed read of the content to the reader instead of
// an empty screen.
func (a *App) errorText(err error) fyne.CanvasObject {
	a.contentDamaged(err) // SQLITE_CORRUPT: repair in the background
	return a.problemView(problem{message: a.loc.T("ProblemReading"), detail: err.Error()})
}
