// Command safar is the Safar app: offline guidance for migrants.
//
//	safar [-data DIR]
//	safar sync [--feed URL | --from PATH] [--root FILE] [--data DIR] [--timeout D]
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
	"runtime"
	"runtime/debug"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"safar.app/safar/app"
	"safar.app/safar/assets"
	"safar.app/safar/content/bundled"
	"safar.app/safar/content/store"
	"safar.app/safar/sync/client"
	"safar.app/safar/userdata"
)

// appID names Safar to Fyne, which derives the app's storage folder from it.
const appID = "app.safar.safar"

// startupHeap is how large the Go heap may grow before the first frame
// without a collection.
const startupHeap = 96 << 20

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

	// No collection until the first frame is drawn: start-up allocates
	// about 25 MB that stays, and collecting on the way there cost eight
	// collections. Should start-up allocate more than startupHeap, Go
	// collects anyway. Then the Go heap may grow to 1.5× what is live, not
	// 2×: on the benchmark's journey through every screen this lowered the
	// peak from 304 to 267 MiB for twice as many (short) collections
	// (docs/decisions.md).
	gcAfterStart := func() {}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(-1)
		limit := debug.SetMemoryLimit(startupHeap)
		gcAfterStart = func() {
			debug.SetGCPercent(50)
			debug.SetMemoryLimit(limit)
		}
	}
	// Whether an existing content.db holds this build's pack is known by
	// hashing the embedded tree: do it while Fyne starts, on the other
	// core. A first run has nothing to compare and hashes after its first
	// frame, while it installs. (Phones learn their folder from Fyne.)
	if _, err := os.Stat(filepath.Join(dataFolder(*dataDir, nil), "content.db")); err == nil {
		go bundled.Hash()
	}
	fa := fyneapp.NewWithID(appID)
	trace("fyne app")
	dir := dataFolder(*dataDir, fa)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		log.Fatalf("safar: data folder: %v", err)
	}

	// The install, when one is needed, runs while the first screen shows
	// (app.Options.Install).
	cs, rebuilt, install, err := openContent(filepath.Join(dir, "content.db"))
	if err != nil {
		log.Fatalf("safar: content: %v", err)
	}
	defer cs.Close()
	trace("content.db open")
	if rebuilt.Damaged() {
		fmt.Fprintf(os.Stderr, "safar: %s was damaged (%s); kept it as %s and restored the built-in content\n",
			cs.Path(), rebuilt.Reason, rebuilt.MovedTo)
	}

	// user.db is the reader's own data: a damaged one is kept aside and a
	// new one started, a read-only one is read; the app tells the reader.
	us, userStart := userdata.OpenFolder(dir)
	defer us.Close()
	trace("user.db open")
	if userStart.Damaged || userStart.ReadOnly {
		fmt.Fprintf(os.Stderr, "safar: %s: damaged=%v read-only=%v kept-as=%q: %s\n",
			userStart.Path, userStart.Damaged, userStart.ReadOnly, userStart.MovedTo, userStart.Reason)
	}

	a, err := app.New(fa, cs, us, app.Options{ContentRestored: rebuilt.Damaged(), UserData: userStart,
		Sync: syncService(dir, cs, feedAddress(), assets.TrustRoot(), 0), Install: install, Version: version(), Trace: tracer(),
		Started: func() { // the first frame is drawn
			gcAfterStart()
			trace("run loop")
		}})
	if err != nil {
		log.Fatalf("safar: %v", err)
	}
	trace("app.New")
	benchHooks(a)
	a.Window().ShowAndRun()
}

// dataFolder is the one place that decides where Safar keeps content.db,
// user.db and sync/, for the window and for `safar sync` alike: the folder
// given with -data, or else the app's storage folder. On a desktop that is
// the folder Fyne gives the app, worked out here by Fyne's own rule (v2.8,
// internal/app/config_*.go): ~/.config/fyne/app.safar.safar on Linux and
// the BSDs, ~/Library/Preferences/fyne/app.safar.safar on macOS,
// %APPDATA%\fyne\app.safar.safar on Windows. Working it out rather than
// asking a Fyne app keeps `safar sync` from starting Fyne (and its
// warnings) on a server with no display; it was os.UserConfigDir before,
// which differs from Fyne's folder on macOS. Phones have no command line,
// so there the window asks Fyne (fa), whose folder is the app's sandbox.
func dataFolder(flagValue string, fa fyne.App) string {
	if flagValue != "" {
		return flagValue
	}
	var root string
	switch runtime.GOOS {
	case "android", "ios":
		if fa != nil {
			return fa.Storage().RootURI().Path()
		}
	case "darwin":
		if home, err := os.UserHomeDir(); err == nil {
			root = filepath.Join(home, "Library", "Preferences")
		}
	case "windows":
		if home, err := os.UserHomeDir(); err == nil {
			root = filepath.Join(home, "AppData", "Roaming")
		}
	default:
		if d, err := os.UserConfigDir(); err == nil {
			root = d
		}
	}
	if root == "" {
		return "." // no home folder at all: the working folder, as Fyne would fail to do better
	}
	return filepath.Join(root, "fyne", appID)
}

// feedAddress is the feed the app updates from: the one set when the app
// was built for a deployment, or SAFAR_FEED, for editors and tests.
func feedAddress() string {
	if env := os.Getenv("SAFAR_FEED"); env != "" {
		return env
	}
	return defaultFeed
}

// syncService is the one sync service of this process, over the content
// in dir; a zero timeout is the client's default.
func syncService(dir string, cs *store.Store, feed string, root []byte, timeout time.Duration) *client.Service {
	return client.NewService(client.Config{Feed: feed, Dir: filepath.Join(dir, "sync"), Root: root, Store: cs,
		Base: assets.Content(), Shipped: assets.ShippedReleases(), Timeout: timeout, InstallBase: bundled.Install})
}

// openContent opens content.db, installing the built-in pack while the
// first screen shows when it is missing or damaged. A data folder Safar
// cannot write is not damage: the content already there is read as it is,
// or, when there is none, the built-in pack goes into a temporary folder;
// the window tells the reader that nothing can be saved (user.db finds
// the same folder read-only).
func openContent(path string) (*store.Store, store.Rebuilt, func() error, error) {
	cs, rebuilt, install, err := bundled.OpenDeferred(path)
	if !store.IsReadOnly(err) {
		return cs, rebuilt, install, err
	}
	fmt.Fprintf(os.Stderr, "safar: %s cannot be written (%v); reading it as it is\n", path, err)
	if ro, rerr := store.OpenReadOnly(path); rerr == nil {
		return ro, store.Rebuilt{}, nil, nil
	}
	tmp, terr := os.MkdirTemp("", "safar-content-")
	if terr != nil {
		return nil, rebuilt, nil, err
	}
	return bundled.OpenDeferred(filepath.Join(tmp, "content.db"))
}
