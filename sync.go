package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"safar.app/safar/assets"
	"safar.app/safar/content/bundled"
	"safar.app/safar/sync/client"
)

// syncCommand is `safar sync`: update the content from a feed with no
// window, print what changed or why the update was refused, and exit 1 on
// a refusal.
func syncCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	feedURL := fs.String("feed", "", "the feed's web address")
	from := fs.String("from", "", "a feed folder or .zip file (a USB stick, an offline hand-over)")
	rootFile := fs.String("root", "", "the root of trust (1.root.json); default: the one built into the app")
	dataDir := fs.String("data", "", "folder of content.db (default: the app's own storage)")
	timeout := fs.Duration("timeout", 30*time.Second, "timeout of each request")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	src := *feedURL
	if *from != "" {
		src = *from
	}
	if src == "" || (*feedURL != "" && *from != "") {
		fmt.Fprintln(stderr, "usage: safar sync (--feed URL | --from PATH) [--root FILE] [--data DIR]")
		return 2
	}
	root := assets.TrustRoot()
	if *rootFile != "" {
		var err error
		if root, err = os.ReadFile(*rootFile); err != nil {
			fmt.Fprintln(stderr, "safar sync:", err)
			return 2
		}
	}
	if root == nil {
		fmt.Fprintln(stderr, "safar sync: this build carries no root of trust; pass --root with the feed's 1.root.json")
		return 2
	}
	dir := *dataDir
	if dir == "" {
		dir = defaultDataDir()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		fmt.Fprintln(stderr, "safar sync:", err)
		return 1
	}
	cs, _, err := bundled.Open(filepath.Join(dir, "content.db"))
	if err != nil {
		fmt.Fprintln(stderr, "safar sync:", err)
		return 1
	}
	defer cs.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := client.Sync(ctx, client.Options{Feed: src, Dir: filepath.Join(dir, "sync"), Root: root,
		Store: cs, Base: assets.Content(), Shipped: assets.ShippedReleases(), Timeout: *timeout})
	var refusal *client.Refusal
	switch {
	case errors.As(err, &refusal):
		fmt.Fprintln(stderr, "safar sync:", err)
		fmt.Fprintln(stderr, "safar sync: nothing was changed; your content is as it was")
		return 1
	case err != nil:
		fmt.Fprintln(stderr, "safar sync:", err)
		return 1
	case rep.Unchanged:
		fmt.Fprintf(stdout, "up to date (%d requests, %d bytes)\n", rep.Requests, rep.Bytes)
		return 0
	}
	for _, c := range rep.Changes {
		how := "diff"
		if c.FullIndex {
			how = "full index"
		}
		fmt.Fprintf(stdout, "%s: release %d → %d (%s): %d files changed, %d removed, %d blobs fetched (%d bytes)\n",
			c.Publisher, c.From, c.To, how, c.Set, c.Removed, c.BlobsFetched, c.BlobBytesFetch)
	}
	fmt.Fprintf(stdout, "updated (%d requests, %d bytes)\n", rep.Requests, rep.Bytes)
	return 0
}
