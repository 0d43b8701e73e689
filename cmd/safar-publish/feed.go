package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"safar.app/safar/sync/publish"
)

// feedCommand runs init, add-publisher, release, timestamp, rotate-root, rotate-online,
// revoke-publisher and snapshot on a feed.
func feedCommand(cmd string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	feedDir := fs.String("feed", "feed", "the feed folder (public: serve it as static files)")
	keys := fs.String("keys", "keys", "the keys folder (private: keep root and publisher keys offline)")
	rootKeys := fs.Int("root-keys", 3, "init: how many root keys")
	threshold := fs.Int("threshold", 2, "init: how many root keys must sign a new root")
	paths := fs.String("paths", "", "add-publisher: the folder of the content tree it may publish, such as de/berlin/")
	oldKeys := fs.String("old", "", "rotate-root: the current root keys that sign, comma-separated (root-1,root-2)")
	all := fs.Bool("all", false, "release: every publisher whose folder changed")
	newKeys := fs.String("new", "", "rotate-root: the new root keys, comma-separated; missing ones are generated")
	if err := fs.Parse(flagsFirst(fs, args)); err != nil {
		return 2
	}
	// A key of the keys folder kept as KEY.key.age is opened with a
	// passphrase asked on the terminal.
	repo := publish.Open(*feedDir, *keys).WithPassphrase((&prompter{stderr: stderr}).keyPassphrase)
	fail := func(err error) int {
		fmt.Fprintf(stderr, "safar-publish %s: %v\n", cmd, err)
		return 1
	}
	switch cmd {
	case "init":
		if err := repo.Init(*rootKeys, *threshold); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "feed created in %s with %d root keys (threshold %d); keys in %s\n", *feedDir, *rootKeys, *threshold, *keys)
		fmt.Fprintf(stdout, "ship %s/metadata/1.root.json with the app as its root of trust\n", *feedDir)
	case "add-publisher":
		if fs.NArg() != 1 || *paths == "" {
			fmt.Fprintln(stderr, "usage: safar-publish add-publisher NAME --paths de/berlin/ [--feed DIR --keys DIR]")
			return 2
		}
		if err := repo.AddPublisher(fs.Arg(0), *paths); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "publisher %s may publish %s**; its key is %s/publisher-%s.key\n", fs.Arg(0), *paths, *keys, fs.Arg(0))
	case "release":
		// "release NAME DIR" releases one publisher; "release --all DIR"
		// every publisher whose folder changed.
		if (*all && fs.NArg() != 1) || (!*all && fs.NArg() != 2) {
			fmt.Fprintln(stderr, "usage: safar-publish release (NAME | --all) CONTENT-DIR [--feed DIR --keys DIR]")
			return 2
		}
		dir := fs.Arg(fs.NArg() - 1)
		if code := check([]string{dir}, io.Discard, stderr); code != 0 {
			fmt.Fprintf(stderr, "safar-publish release: %s has errors; run safar-publish check %s\n", dir, dir)
			return 1
		}
		var reps []publish.ReleaseReport
		var err error
		if *all {
			reps, err = repo.ReleaseAll(os.DirFS(dir))
		} else {
			var rep publish.ReleaseReport
			if rep, err = repo.Release(fs.Arg(0), os.DirFS(dir)); err == nil {
				reps = append(reps, rep)
			}
		}
		for _, rep := range reps {
			if rep.Unchanged {
				fmt.Fprintf(stdout, "%s: unchanged since release %d\n", rep.Publisher, rep.Sequence)
				continue
			}
			fmt.Fprintf(stdout, "%s release %d: %d files, %d new blobs, diffs from %d earlier releases\n",
				rep.Publisher, rep.Sequence, rep.Files, rep.NewBlobs, rep.Diffs)
		}
		if err != nil {
			return fail(err)
		}
	case "rotate-root":
		if *oldKeys == "" || *newKeys == "" {
			fmt.Fprintln(stderr, "usage: safar-publish rotate-root --old root-1,root-2 --new root-4,root-5,root-6 [--threshold 2]")
			return 2
		}
		if err := repo.RotateRoot(strings.Split(*oldKeys, ","), strings.Split(*newKeys, ","), *threshold); err != nil {
			return fail(err)
		}
		fmt.Fprintln(stdout, "new root written; clients move to it on their next sync")
	case "rotate-online":
		if *oldKeys == "" {
			fmt.Fprintln(stderr, "usage: safar-publish rotate-online --old root-1,root-2")
			return 2
		}
		if err := repo.RotateOnline(strings.Split(*oldKeys, ",")); err != nil {
			return fail(err)
		}
		fmt.Fprintln(stdout, "new online key and root written; clients drop timestamps and snapshots the old key signed")
	case "revoke-publisher":
		if fs.NArg() != 1 {
			fmt.Fprintln(stderr, "usage: safar-publish revoke-publisher NAME")
			return 2
		}
		if err := repo.RevokePublisher(fs.Arg(0)); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "%s has a new key (%s/publisher-%s.key); anything the old key signs is refused\n", fs.Arg(0), *keys, fs.Arg(0))
	case "timestamp":
		if err := repo.Timestamp(); err != nil {
			return fail(err)
		}
		fmt.Fprintln(stdout, "timestamp renewed")
	case "snapshot":
		rel, err := repo.Releases()
		if err != nil {
			return fail(err)
		}
		data, err := json.MarshalIndent(rel, "", " ")
		if err != nil {
			return fail(err)
		}
		stdout.Write(append(data, '\n'))
	}
	return 0
}

// flagsFirst moves flags before the other arguments, so that
// "release berlin tree --feed f" parses as written. A flag takes the next
// argument as its value unless it is a bool flag (--all) or has "=".
func flagsFirst(set *flag.FlagSet, args []string) []string {
	isBool := func(a string) bool {
		f := set.Lookup(strings.TrimLeft(a, "-"))
		if f == nil {
			return false
		}
		bf, ok := f.Value.(interface{ IsBoolFlag() bool })
		return ok && bf.IsBoolFlag()
	}
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case len(a) > 1 && a[0] == '-' && !containsEq(a) && !isBool(a) && i+1 < len(args):
			flags = append(flags, a, args[i+1])
			i++
		case len(a) > 1 && a[0] == '-':
			flags = append(flags, a)
		default:
			rest = append(rest, a)
		}
	}
	return append(flags, rest...)
}

func containsEq(s string) bool {
	for _, c := range s {
		if c == '=' {
			return true
		}
	}
	return false
}

func publishRepo(feedDir, keys string) *publish.Repo { return publish.Open(feedDir, keys) }
