package studio

import (
	"path/filepath"
	"testing"

	"safar.app/safar/content"
)

// TestRoundTripLeavesEveryByte: opening and saving every item of the
// shipped tree without changes writes nothing, in every language.
func TestRoundTripLeavesEveryByte(t *testing.T) {
	dir := filepath.Join("..", "assets", "content")
	if testing.Short() {
		dir = copyTree(t)
	}
	tr, err := openTree(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	today := today()
	ix := load(tr, today)
	kinds := map[string]int{}
	for _, e := range ix.entries {
		ed := newEdit(tr)
		f, err := readForm(ed, e, e.langList())
		if err != nil {
			t.Errorf("%s %s: %v", e.Kind.Name, e.ID, err)
			continue
		}
		if errs := check(e, f); len(errs) > 0 && e.Errors() == 0 {
			t.Errorf("%s %s: the form refuses what the checker accepts: %v", e.Kind.Name, e.ID, errs)
		}
		if err := apply(ed, e, f, today); err != nil {
			t.Errorf("%s %s: %v", e.Kind.Name, e.ID, err)
			continue
		}
		for p, data := range ed.changed() {
			orig, _ := tr.read(p)
			t.Errorf("%s %s: saving unchanged rewrote %s:\n--- was\n%.400s\n--- now\n%.400s", e.Kind.Name, e.ID, p, orig, data)
		}
		kinds[e.Kind.Name]++
	}
	for _, k := range []string{"article", "hotline", "service", "phrases", "checklist"} {
		if kinds[k] == 0 {
			t.Errorf("no %s in the tree: the round trip tested none", k)
		}
	}
	t.Logf("round trip of %v", kinds)
}

// today is the tests' clock: Sunday 2026-12-06.
func today() content.Date { return content.Date{Year: 2026, Month: 12, Day: 6} }
