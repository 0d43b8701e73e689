package app

import (
	"context"
	"errors"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/assets"
	"safar.app/safar/sync/client"
)

// Updates: the settings section and the screen that runs a sync with a
// progress bar and a Cancel button.

// canSync reports whether this build can verify updates at all.
func (a *App) canSync() bool { return a.opts.TrustRoot != nil && a.opts.SyncDir != "" }

// updatesSection is the part of Settings about content updates.
func (a *App) updatesSection() fyne.CanvasObject {
	box := vbox(a.ui(a.loc.T("Updates"), text.Strong))
	if !a.canSync() {
		box.Add(a.ui(a.loc.T("UpdatesNotConfigured"), text.Small))
		return box
	}
	if a.opts.Feed != "" {
		box.Add(a.button(a.loc.T("CheckForUpdates"), theme.ViewRefreshIcon(), func() { a.push(a.updateScreen(a.opts.Feed)) }))
	}
	box.Add(a.button(a.loc.T("ImportUpdate"), theme.FolderOpenIcon(), func() {
		dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			path := r.URI().Path()
			r.Close()
			a.push(a.updateScreen(path))
		}, a.win)
	}))
	box.Add(a.ui(a.loc.T("AutomaticUpdates"), text.Small))
	box.Add(a.choices([]choice{{"0", a.loc.T("Off"), a.loc.Tag()}, {"1", a.loc.T("On"), a.loc.Tag()}},
		onOff(a.settings.AutoSync), func(v string) {
			a.settings.AutoSync = v == "1"
			a.save()
			a.show()
		}))
	for _, line := range a.verifiedLines() {
		box.Add(a.ui(line, text.Small))
	}
	return box
}

// verifiedLines say when each region's content was last verified.
func (a *App) verifiedLines() []string {
	v, err := client.Verified(a.opts.SyncDir)
	if err != nil || len(v) == 0 {
		return nil
	}
	var lines []string
	for _, x := range v {
		lines = append(lines, a.loc.T("LastVerified", "Region", a.scopeName(x.Scope), "Date", x.At.Local().Format("2006-01-02 15:04")))
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
	go func() {
		rep, err := client.Sync(ctx, client.Options{Feed: feed, Dir: a.opts.SyncDir, Root: a.opts.TrustRoot,
			Store: a.content, Base: assets.Content(), Shipped: assets.ShippedReleases(), Now: a.now,
			Progress: func(p client.Progress) {
				fyne.Do(func() {
					if p.TotalBytes > 0 {
						bar.SetValue(float64(p.Bytes) / float64(p.TotalBytes))
					}
					status.SetText(a.loc.T("Downloading", "Files", p.Files, "Total", p.TotalFiles,
						"KB", p.Bytes/1024, "TotalKB", p.TotalBytes/1024))
				})
			}})
		fyne.Do(func() {
			var refusal *client.Refusal
			switch {
			case errors.Is(err, context.Canceled):
				finish(a.loc.T("Cancelled"))
			case errors.As(err, &refusal):
				finish(a.loc.T("UpdateRefused") + "\n" + refusal.Reason.Error())
			case err != nil:
				finish(a.loc.T("UpdateFailed") + "\n" + err.Error())
			case rep.Unchanged:
				finish(a.loc.T("UpToDate"))
			default:
				finish(a.loc.N("Updated", len(rep.Changes)))
			}
		})
	}()
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
			return vbox(bar, status, stop)
		},
	}
}

// autoSync checks for updates in the background at start, when the reader
// turned automatic updates on; a failure is only logged.
func (a *App) autoSync() {
	if !a.settings.AutoSync || !a.canSync() || a.opts.Feed == "" {
		return
	}
	go func() {
		rep, err := client.Sync(context.Background(), client.Options{Feed: a.opts.Feed, Dir: a.opts.SyncDir,
			Root: a.opts.TrustRoot, Store: a.content, Base: assets.Content(), Shipped: assets.ShippedReleases()})
		if err != nil {
			fyne.LogError("automatic update", err)
			return
		}
		if !rep.Unchanged {
			fyne.Do(a.show)
		}
	}()
}
