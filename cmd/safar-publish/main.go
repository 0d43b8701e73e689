// Command safar-publish is the editors' tool: it checks a content tree and
// previews it as readers will see it.
//
//	safar-publish check DIR
//	safar-publish preview DIR [-png OUTDIR]
//	safar-publish studio DIR
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `usage:
  safar-publish check DIR            list every problem in the content tree at DIR
  safar-publish preview DIR          open Safar on the content tree at DIR
  safar-publish preview -png OUT DIR render each new or changed item of DIR to a PNG in OUT
  safar-publish studio DIR [--publisher NAME --feed F --keys K] [--paths de/berlin/]
                                     edit, check, preview and release DIR in the browser
  safar-publish init [--feed F --keys K --root-keys 3 --threshold 2]
                                     create a signed feed and its keys
  safar-publish add-publisher NAME --paths de/berlin/ [--feed F --keys K]
                                     let a publisher sign one folder of the tree
  safar-publish release (NAME | --all) DIR [--feed F --keys K]
                                     check DIR and publish NAME's folder of it, or
                                     every publisher's folder that changed
  safar-publish timestamp [--feed F --keys K]
                                     renew the timestamp (run at least weekly)
  safar-publish rotate-root --old root-1,root-2 --new root-4,root-5 [--threshold 2]
                                     replace the root keys (signed by old and new)
  safar-publish rotate-online --old root-1,root-2
                                     replace the online key (snapshot, timestamp)
                                     in a new root signed by the root keys
  safar-publish revoke-publisher NAME
                                     give a publisher a new key; the old one is refused
  safar-publish protect-key KEYFILE [--remove]
                                     protect a key with a passphrase (writes KEYFILE.age);
                                     a key folder's KEY.key.age is used when KEY.key is
                                     absent, asking for its passphrase
  safar-publish snapshot [--feed F] > assets/trust/releases.json
                                     each publisher's latest release, for an app
                                     whose embedded pack is a snapshot of the feed
`

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is main without the process: it returns the exit code, so tests can
// call it.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "check":
		return check(args[1:], stdout, stderr)
	case "preview":
		return preview(args[1:], stdout, stderr)
	case "studio":
		return studioCommand(args[1:], stdout, stderr)
	case "protect-key":
		return protectKey(args[1:], stdout, stderr)
	case "init", "add-publisher", "release", "timestamp", "rotate-root", "rotate-online", "revoke-publisher", "snapshot":
		return feedCommand(args[0], args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "safar-publish: unknown command %q\n%s", args[0], usage)
	return 2
}
