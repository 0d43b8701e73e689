package app

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
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
func (a *App) updateScreen(feed string) screen {
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
	fail := func(p problem) {
		finish("")
		status.Hide()
		result.Objects = []fyne.CanvasObject{a.problemView(p)}
		result.Refresh()
	}
	fromFile := !strings.HasPrefix(feed, "https://") && !strings.HasPrefix(feed, "http://")
	a.work(func() {
		rep, err := a.opts.Sync.Sync(ctx, feed, func(p client.Progress) {
			fyne.Do(func() {
				if p.TotalBytes > 0 {
					bar.SetValue(float64(p.Bytes) / float64(p.TotalBytes))
				}
				status.SetText(a.loc.T("Downloading", "Files", p.Files, "Total", p.TotalFiles,
					"KB", p.Bytes/1024, "TotalKB", p.TotalBytes/1024))
			})
		})
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
				result.Objects = []fyne.CanvasObject{a.problemView(problem{
					message: a.loc.T("UpdateRefusedFrom", "Regions", a.regionsOf(refusal.Publishers)), detail: err.Error()})}
				result.Refresh()
			case err != nil:
				fail(a.updateProblem(err, fromFile))
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
			fyne.Do(a.show)
		}
	})
}
