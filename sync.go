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
	"strings"

	"safar.app/safar/assets"
	"safar.app/safar/content/bundled"
	"safar.app/safar/sync/client"
)

// Exit codes of `safar sync`.
const (
	exitOK      = 0
	exitFailed  = 1 // refused, or could not run; the content is as it was
	exitUsage   = 2 // wrong flags
	usageOfSync = "usage: safar sync [--feed URL | --from PATH] [--root FILE] [--data DIR] [--timeout D] [--recover]"
)

// syncCommand is `safar sync`: update the content from a feed with no
// window, print what changed or why the update was refused, and exit 1 on
// a refusal. Without --feed or --from it updates from the build's own feed.
func syncCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	feedURL := fs.String("feed", "", "the feed's web address (default: the feed this build updates from)")
	from := fs.String("from", "", "a feed folder or .zip file (a USB stick, an offline hand-over)")
	rootFile := fs.String("root", "", "the root of trust (1.root.json); default: the one built into the app")
	dataDir := fs.String("data", "", "folder of content.db (default: the app's own storage, as the window uses)")
	timeout := fs.Duration("timeout", client.DefaultStall, "how long a transfer may bring no data before it is tried again")
	recoverTrust := fs.Bool("recover", false, "verify the feed again from the built-in root of trust (or --root), for a device whose updates keep being refused; the content stays until a verified update replaces it")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 || (*feedURL != "" && *from != "") {
		fmt.Fprintln(stderr, usageOfSync)
		return exitUsage
	}
	src := *feedURL
	if *from != "" {
		src = *from
	}
	if src == "" {
		src = feedAddress()
	}
	if src == "" {
		fmt.Fprintln(stderr, "safar sync: this build has no feed address; name one with --feed URL or --from PATH")
		fmt.Fprintln(stderr, usageOfSync)
		return exitUsage
	}
	root := assets.TrustRoot()
	if *rootFile != "" {
		var err error
		if root, err = os.ReadFile(*rootFile); err != nil {
			fmt.Fprintln(stderr, "safar sync:", err)
			return exitUsage
		}
	}
	if root == nil {
		fmt.Fprintln(stderr, "safar sync: this build carries no root of trust; pass --root with the feed's 1.root.json")
		return exitUsage
	}
	dir := dataFolder(*dataDir, nil)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		fmt.Fprintln(stderr, "safar sync:", err)
		return exitFailed
	}
	cs, rebuilt, err := bundled.Open(filepath.Join(dir, "content.db"))
	if err != nil {
		fmt.Fprintln(stderr, "safar sync:", err)
		return exitFailed
	}
	defer cs.Close()
	if rebuilt.Damaged() {
		fmt.Fprintf(stderr, "safar sync: %s was damaged (%s); kept it as %s and restored the built-in content\n",
			cs.Path(), rebuilt.Reason, rebuilt.MovedTo)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	service := syncService(dir, cs, src, root, *timeout)
	run := service.Sync
	if *recoverTrust {
		run = service.Recover
	}
	rep, err := run(ctx, src, nil)
	var refusal *client.Refusal
	switch {
	case errors.As(err, &refusal) && len(refusal.Publishers) > 0:
		// Some publishers were refused; the others' updates installed.
		printChanges(stdout, rep)
		var names []string
		for _, r := range refusal.Publishers {
			fmt.Fprintf(stderr, "safar sync: update refused from %s (%s): %v\n", r.Publisher, r.Scope, r.Reason)
			names = append(names, r.Publisher)
		}
		if len(rep.Changes) == 0 {
			fmt.Fprintln(stderr, "safar sync: nothing was changed; your content is as it was")
		} else {
			fmt.Fprintf(stderr, "safar sync: the other updates were installed; the content of %s is as it was\n", strings.Join(names, ", "))
		}
		return exitFailed
	case errors.As(err, &refusal):
		fmt.Fprintln(stderr, "safar sync:", err)
		fmt.Fprintln(stderr, "safar sync: nothing was changed; your content is as it was")
		return exitFailed
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "safar sync: interrupted; nothing was changed")
		return exitFailed
	case err != nil:
		fmt.Fprintln(stderr, "safar sync:", err)
		return exitFailed
	case rep.Unchanged:
		fmt.Fprintf(stdout, "up to date (%d requests, %d bytes)\n", rep.Requests, rep.Bytes)
		return exitOK
	}
	printChanges(stdout, rep)
	fmt.Fprintf(stdout, "updated (%d requests, %d bytes)\n", rep.Requests, rep.Bytes)
	return exitOK
}

// printChanges prints a line for each publisher's update.
func printChanges(stdout io.Writer, rep client.Report) {
	for _, c := range rep.Changes {
		how := "diff"
		if c.FullIndex {
			how = "full index"
		}
		fmt.Fprintf(stdout, "%s: release %d → %d (%s): %d files changed, %d removed, %d blobs fetched (%d bytes)\n",
			c.Publisher, c.From, c.To, how, c.Set, c.Removed, c.BlobsFetched, c.BlobBytesFetch)
	}
}
