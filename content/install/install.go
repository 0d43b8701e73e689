// Package install is the one way content enters content.db: a tree of
// source files is parsed, installed in one transaction, and any problem the
// store finds is named by file and line. The embedded pack (first run) and
// every sync go through Tree.
package install

import (
	"io/fs"

	"safar.app/safar/content"
	"safar.app/safar/content/source"
	"safar.app/safar/content/store"
)

// Tree parses tree and installs it into s as info. Nothing is written if
// the tree has an error; the error then lists every problem with its file
// and line.
//
// whileParsing, if set, runs while the tree is parsed (a sync commits its
// downloaded blobs then) and must succeed before anything is installed:
// its error is returned as it is, and nothing is installed.
func Tree(s *store.Store, tree fs.FS, info store.PackInfo, whileParsing func() error) error {
	done := make(chan error, 1)
	if whileParsing != nil {
		go func() { done <- whileParsing() }()
	} else {
		done <- nil
	}
	pack, problems := source.Parse(tree)
	if err := <-done; err != nil {
		return err
	}
	if errs := content.Errors(problems); len(errs) > 0 {
		return &content.ProblemError{Problems: errs}
	}
	// Install checks the whole pack before it writes anything; Locate turns
	// what it finds into file and line.
	return source.Locate(tree, s.Install(pack, info))
}
