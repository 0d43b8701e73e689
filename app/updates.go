package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content/store"
	"safar.app/safar/sync/client"
)

// Updates: the settings section and the screen that runs a sync with a
// progress bar and a Cancel button.

// canSync reports whether this build can verify updates at all.
func (a *App) canSync() bool { return a.opts.Sync != nil && a.opts.Sync.CanVerify() }

// updatesSection is the part of Settings about content updates.
func (a *App) updatesSection() fyne.CanvasObject {
	box := vbox(a.ui(a.loc.T("Updates"), text.Strong))
	if !a.canSync() {
		box.Add(a.ui(a.loc.T("UpdatesNotConfigured"), text.Small))
		return box
	}
	// Checking, and checking automatically, need a feed to check; a build
	// without one takes updates from files only.
	if feed := a.opts.Sync.Feed(); feed != "" {
		box.Add(a.button(a.loc.T("CheckForUpdates"), theme.ViewRefreshIcon(), func() { a.push(a.updateScreen(feed)) }))
	}
	box.Add(a.button(a.loc.T("ImportUpdate"), theme.FolderOpenIcon(), a.importUpdate))
	if a.opts.Sync.Feed() != "" {
		box.Add(a.ui(a.loc.T("AutomaticUpdates"), text.Small))
		box.Add(a.choices([]choice{{"0", a.loc.T("Off"), a.loc.Tag()}, {"1", a.loc.T("On"), a.loc.Tag()}},
			onOff(a.settings.AutoSync), func(v string) {
				a.settings.AutoSync = v == "1"
				a.save()
				a.show()
			}))
	}
	for _, line := range a.verifiedLines() {
		box.Add(a.ui(line, text.Small))
	}
	return box
}

// verifiedLines say when each region's content was last verified.
func (a *App) verifiedLines() []string {
	v, err := a.opts.Sync.Verified()
	if err != nil || len(v) == 0 {
		return nil
	}
	var lines []string
	for _, x := range v {
		lines = append(lines, a.loc.T("LastVerified", "Region", a.scopeName(x.Scope), "Date", a.loc.DateTime(x.At.Local())))
	}
	sort.Strings(lines)
	return lines
}

// scopeName names a publisher's folder for a reader: "Berlin" for
// "de/berlin/", the country for "de/_/" or "de/".
func (a *App) scopeName(scope string) string {
	parts := strings.Split(strings.TrimSuffix(scope, "/"), "/")
	name, _ := a.content.CountryName(parts[0], a.chain())
	if len(parts) > 1 && parts[1] != "_" {
		if region, err := a.content.CountryName(parts[0]+"/"+parts[1], a.chain()); err == nil {
			return region
		}
	}
	return name
}

// updateScreen runs one sync from feed (a web address, folder or .zip).
func (a *App) updateScreen(feed string) screen { return a.syncScreen(feed, false) }

// syncScreen runs one sync from feed; fromStart, one that verifies the
// feed again from the shipped root (client.Service.Recover).
func (a *App) syncScreen(feed string, fromStart bool) screen {
	ctx, cancel := context.WithCancel(context.Background())
	status := a.para(a.loc.T("Checking"), a.loc.Tag(), text.Body).(*text.Paragraph)
	result := container.NewVBox() // what went wrong, with its details
	bar := widget.NewProgressBar()
	var stop *text.Button
	done := false
	finish := func(msg string) {
		done = true
		status.SetText(msg)
		bar.SetValue(1)
		if stop != nil {
			stop.SetText(a.loc.T("Close"))
		}
	}
	// A refused update may be a device left with trust that no longer
	// holds: it can check the feed again from the start.
	recoverButton := func(err error) []fyne.CanvasObject {
		if fromStart || !errors.As(err, new(*client.Refusal)) {
			return nil
		}
		return []fyne.CanvasObject{a.ui(a.loc.T("RecoverUpdatesHelp"), text.Small),
			a.button(a.loc.T("RecoverUpdates"), theme.ViewRefreshIcon(), func() { a.push(a.syncScreen(feed, true)) })}
	}
	fail := func(p problem, err error) {
		finish("")
		status.Hide()
		result.Objects = append([]fyne.CanvasObject{a.problemView(p)}, recoverButton(err)...)
		result.Refresh()
	}
	fromFile := !strings.HasPrefix(feed, "https://") && !strings.HasPrefix(feed, "http://")
	run := a.opts.Sync.Sync
	if fromStart {
		run = a.opts.Sync.Recover
	}
	a.work(func() {
		rep, err := run(ctx, feed, func(p client.Progress) {
			fyne.Do(func() {
				if p.TotalBytes > 0 {
					bar.SetValue(float64(p.Bytes) / float64(p.TotalBytes))
				}
				status.SetText(a.loc.T("Downloading", "Files", p.Files, "Total", p.TotalFiles,
					"KB", p.Bytes/1024, "TotalKB", p.TotalBytes/1024))
			})
		})
		if len(rep.Changes) > 0 { // also when another publisher was refused
			a.afterSync(false)
		}
		fyne.Do(func() {
			var refusal *client.Refusal
			switch {
			case errors.Is(err, context.Canceled):
				finish(a.loc.T("Cancelled"))
			case errors.As(err, &refusal) && len(refusal.Publishers) > 0:
				// The others' updates installed; the refused keep their content.
				finish(a.loc.N("Updated", len(rep.Changes)))
				if len(rep.Changes) == 0 {
					status.Hide()
				}
				result.Objects = append([]fyne.CanvasObject{a.problemView(problem{
					message: a.loc.T("UpdateRefusedFrom", "Regions", a.regionsOf(refusal.Publishers)), detail: err.Error()})},
					recoverButton(err)...)
				result.Refresh()
			case err != nil:
				fail(a.updateProblem(err, fromFile), err)
			case rep.Unchanged:
				finish(a.loc.T("UpToDate"))
			default:
				finish(a.loc.N("Updated", len(rep.Changes)))
			}
		})
	})
	return screen{
		title: func() string { return a.loc.T("Updates") },
		body: func() fyne.CanvasObject {
			stop = a.button(a.loc.T("Cancel"), nil, func() {
				if !done {
					cancel()
					return
				}
				a.back()
			})
			if done {
				stop.SetText(a.loc.T("Close"))
			}
			return vbox(bar, status, result, stop)
		},
	}
}

// regionsOf names the refused publishers' folders for a reader.
func (a *App) regionsOf(refused []client.Refused) string {
	var names []string
	for _, r := range refused {
		n := a.scopeName(r.Scope)
		if n == "" {
			n = r.Publisher // a folder that is no place, such as phrases/
		}
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

// autoSync checks for updates in the background at start, when the reader
// turned automatic updates on; a failure is only logged.
func (a *App) autoSync() {
	if !a.settings.AutoSync || !a.canSync() || a.opts.Sync.Feed() == "" {
		return
	}
	a.work(func() {
		rep, err := a.opts.Sync.Sync(context.Background(), "", nil)
		if err != nil {
			fyne.LogError("automatic update", err)
		}
		if len(rep.Changes) > 0 { // also when another publisher was refused
			a.afterSync(true)
			fyne.Do(a.show)
		}
	})
}

// contentCheckDelay is how long after start content.db is checked: the
// check reads every page, which must not slow the first screens.
const contentCheckDelay = 20 * time.Second

// contentRepair is the state of a repair of content.db; it is read and
// written on the UI goroutine.
type contentRepair struct {
	running bool
	done    bool // repaired: the header says so
	failed  bool // could not be repaired: the header says so
}

// checkContent runs SQLite's quick_check over content.db in the
// background, some time after start; damage it finds is repaired.
func (a *App) checkContent() {
	work, content := a.work, a.content
	a.after(contentCheckDelay, func() {
		work(func() {
			if err := content.QuickCheck(context.Background()); store.IsCorrupt(err) {
				fyne.Do(func() { a.contentDamaged(err) })
			}
		})
	})
}

// contentDamaged starts a repair of content.db when err says it is
// damaged (quick_check, or a query that failed with SQLITE_CORRUPT): the
// built-in pack with the synced releases re-applied (client.Service.Repair).
// The reader is told in a line at the top, never with SQLite's words.
func (a *App) contentDamaged(err error) {
	if !store.IsCorrupt(err) || a.repair.running || a.repair.done || a.opts.Sync == nil {
		return
	}
	a.repair.running = true
	fyne.LogError("content.db is damaged; repairing it", err)
	a.work(func() {
		rep, err := a.opts.Sync.Repair(context.Background())
		fyne.Do(func() {
			a.repair.running = false
			if err != nil {
				fyne.LogError("repair content.db", err)
				a.repair.failed = true
			} else {
				a.repair.done, a.repair.failed = true, false
			}
			if len(rep.Lost) > 0 {
				fyne.LogError("repair content.db", fmt.Errorf("synced content to fetch again: %v", rep.Lost))
			}
			a.restored = true
			a.show()
		})
	})
}

// restoredText is the line at the top after content.db was rebuilt.
func (a *App) restoredText() string {
	switch {
	case a.repair.failed:
		return a.loc.T("ContentRepairFailed")
	case a.repair.done:
		return a.loc.T("ContentRepaired")
	}
	return a.loc.T("ContentRestored")
}
