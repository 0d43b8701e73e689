package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"safar.app/safar/sync/feed"
)

// TestFeedCommands runs the publishing steps as an editor types them,
// flags after the arguments included: a feed, two publishers, releasing
// every changed folder, releasing again with nothing changed, and the
// snapshot an app ships.
func TestFeedCommands(t *testing.T) {
	dir := t.TempDir()
	tree := filepath.Join(dir, "tree")
	if err := os.CopyFS(tree, os.DirFS("../../assets/content")); err != nil {
		t.Fatal(err)
	}
	f, k := filepath.Join(dir, "feed"), filepath.Join(dir, "keys")
	runOK := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != 0 {
			t.Fatalf("safar-publish %s: exit %d\n%s", strings.Join(args, " "), code, errOut.String())
		}
		return out.String()
	}
	runOK("init", "--feed", f, "--keys", k)
	runOK("add-publisher", "safar-de", "--paths", "de/", "--feed", f, "--keys", k)
	runOK("add-publisher", "safar-phrases", "--paths", "phrases/", "--feed", f, "--keys", k)
	out := runOK("release", "--all", tree, "--feed", f, "--keys", k)
	for _, want := range []string{"safar-de release 1:", "safar-phrases release 1:"} {
		if !strings.Contains(out, want) {
			t.Errorf("release --all printed %q, want %q", out, want)
		}
	}
	os.WriteFile(filepath.Join(tree, "de", "hotlines.toml"), append(mustRead(t, filepath.Join(tree, "de", "hotlines.toml")), "\n# reviewed again\n"...), 0o644)
	out = runOK("release", "--all", tree, "--feed", f, "--keys", k)
	if !strings.Contains(out, "safar-de release 2:") || !strings.Contains(out, "safar-phrases: unchanged since release 1") {
		t.Errorf("second release --all printed %q", out)
	}
	var rel feed.Releases
	if err := json.Unmarshal([]byte(runOK("snapshot", "--feed", f)), &rel); err != nil {
		t.Fatal(err)
	}
	if len(rel) != 2 || rel["safar-de"].Sequence != 2 || !rel["safar-de"].Matches(os.DirFS(tree)) || !rel["safar-phrases"].Matches(os.DirFS(tree)) {
		t.Errorf("snapshot = %d publishers, safar-de at %d; want both matching the tree", len(rel), rel["safar-de"].Sequence)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
