// Command safar is the Safar app: offline guidance for migrants.
//
//	safar [-data DIR]
//	safar sync (--feed URL | --from PATH) [--root FILE] [--data DIR]
//
// Content lives in DIR/content.db (rebuilt from the embedded pack whenever it
// is missing or damaged) and the reader's own data in DIR/user.db.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	fyneapp "fyne.io/fyne/v2/app"

	"safar.app/safar/app"
	"safar.app/safar/assets"
	"safar.app/safar/content/bundled"
	"safar.app/safar/userdata"
)

// defaultFeed is where the deployment serves the project's feed, set at
// build time: make build FEED=https://… (-ldflags -X main.defaultFeed=…).
// Without it the app updates from files (Settings → Import update).
var defaultFeed string

func main() {
	if len(os.Args) > 1 && os.Args[1] == "sync" {
		os.Exit(syncCommand(os.Args[2:], os.Stdout, os.Stderr))
	}
	dataDir := flag.String("data", "", "folder for content.db and user.db (default: the app's own storage)")
	flag.Parse()

	fa := fyneapp.NewWithID("app.safar.safar")
	dir := *dataDir
	if dir == "" {
		dir = fa.Storage().RootURI().Path()
	}

	if err := os.MkdirAll(dir, 0o700); err != nil {
		log.Fatalf("safar: data folder: %v", err)
	}

	// The install, when one is needed, runs while the first screen shows
	// (app.Options.Install).
	cs, rebuilt, install, err := bundled.OpenDeferred(filepath.Join(dir, "content.db"))
	if err != nil {
		log.Fatalf("safar: content: %v", err)
	}
	defer cs.Close()
	if rebuilt.Damaged() {
		fmt.Fprintf(os.Stderr, "safar: %s was damaged (%s); kept it as %s and restored the built-in content\n",
			cs.Path(), rebuilt.Reason, rebuilt.MovedTo)
	}

	us, err := userdata.Open(filepath.Join(dir, "user.db"))
	if err != nil {
		// user.db is the reader's own data: never replace it. Run on an
		// in-memory store so the app still helps, and leave the file be.
		fmt.Fprintf(os.Stderr, "safar: cannot open your data (%v); running without saving\n", err)
		us = userdata.OpenMemory()
	}
	defer us.Close()

	// The root of trust is built in (assets/trust); the feed's address is
	// set when the app is built for a deployment, and SAFAR_FEED names
	// another feed, for editors and tests.
	feedURL := defaultFeed
	if env := os.Getenv("SAFAR_FEED"); env != "" {
		feedURL = env
	}
	a, err := app.New(fa, cs, us, app.Options{ContentRestored: rebuilt.Damaged(),
		Feed: feedURL, TrustRoot: assets.TrustRoot(), SyncDir: filepath.Join(dir, "sync"), Install: install})
	if err != nil {
		log.Fatalf("safar: %v", err)
	}
	benchHooks(a)
	a.Window().ShowAndRun()
}

// defaultDataDir is where the app keeps its databases when no window is
// opened (safar sync): the same folder Fyne gives the app.
func defaultDataDir() string {
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "fyne", "app.safar.safar")
	}
	return "."
}
