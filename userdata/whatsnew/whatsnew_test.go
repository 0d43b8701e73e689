package whatsnew

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"

	"safar.app/safar/assets"
	"safar.app/safar/content"
	"safar.app/safar/content/source"
	"safar.app/safar/content/store"
	"safar.app/safar/userdata"
)

// shipped is the embedded pack, parsed afresh for each use (installs
// are given edited copies).
func shipped(t *testing.T) *content.Pack {
	t.Helper()
	p, problems := source.Parse(assets.Content())
	if errs := content.Errors(problems); len(errs) > 0 {
		t.Fatal(errs)
	}
	return p
}

func fileHash(t *testing.T, paths ...string) [32]byte {
	t.Helper()
	h := sha256.New()
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		h.Write(data)
	}
	return [32]byte(h.Sum(nil))
}

// TestRecord installs the shipped pack, then an update that rewrites a
// saved article's title, removes a saved article and changes a saved
// hotline's number, and records it into a reader's user.db: the saved
// pages take the update's titles, the removed one is marked, the change
// set is there for What's new, and recording again writes nothing.
func TestRecord(t *testing.T) {
	dir := t.TempDir()
	cs, err := store.Open(filepath.Join(dir, "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	if err := cs.Install(shipped(t), store.PackInfo{Origin: "embedded"}); err != nil {
		t.Fatal(err)
	}
	userPath := filepath.Join(dir, "user.db")
	user, err := userdata.Open(userPath)
	if err != nil {
		t.Fatal(err)
	}
	defer user.Close()
	saved := []userdata.Saved{
		{Type: store.TypeItem, ID: "de-seeing-a-doctor", Country: "de", Kind: "health", Title: "Seeing a doctor in Germany", Lang: "en"},
		{Type: store.TypeItem, ID: "de-bank-account", Country: "de", Kind: "living", Title: "Opening a bank account", Lang: "en"},
		{Type: store.TypeHotline, ID: "de-hl-110", Country: "de", Kind: "police", Title: "Police", Lang: "en"},
	}
	for _, e := range saved {
		if err := user.Save(e); err != nil {
			t.Fatal(err)
		}
	}
	if fresh, err := Record(user, cs); err != nil || len(fresh) != 0 {
		t.Fatalf("the first install records %v, %v; want nothing", fresh, err)
	}

	p := shipped(t)
	var items []content.Item
	for _, it := range p.Items {
		switch it.ID {
		case "de-bank-account":
			continue // removed
		case "de-seeing-a-doctor":
			for i := range it.Translations {
				if it.Translations[i].Lang == "en" {
					it.Translations[i].Title = "Seeing a doctor (updated)"
				}
			}
		}
		items = append(items, it)
	}
	p.Items = items
	for i := range p.Hotlines {
		if p.Hotlines[i].ID == "de-hl-110" {
			p.Hotlines[i].Number = "+4930110"
		}
	}
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	if err := cs.Install(p, store.PackInfo{Origin: "https://feed.example", Sequence: 2, InstalledAt: at}); err != nil {
		t.Fatal(err)
	}

	fresh, err := Record(user, cs)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]userdata.Change{}
	for _, c := range fresh {
		got[c.ItemID] = c
	}
	for _, tt := range []struct {
		id, what, kind, newNumber string
	}{
		{"de-seeing-a-doctor", userdata.ChangeChanged, "health", ""},
		{"de-bank-account", userdata.ChangeRemoved, "living", ""},
		{"de-hl-110", userdata.ChangeChanged, "police", "+4930110"}, // a hotline by its purpose
	} {
		c, ok := got[tt.id]
		if !ok || c.What != tt.what || c.Kind != tt.kind || c.NewNumber != tt.newNumber || c.Country != "de" {
			t.Errorf("%s recorded as %+v (found %v), want %s, kind %s, number %q", tt.id, c, ok, tt.what, tt.kind, tt.newNumber)
		}
	}
	entries, err := user.SavedEntries()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		switch {
		case e.ID == "de-seeing-a-doctor" && e.Title != "Seeing a doctor (updated)":
			t.Errorf("saved article reads %q, want the update's title", e.Title)
		case e.ID == "de-bank-account" && e.RemovedOn != at.Local().Format(time.DateOnly):
			t.Errorf("removed article's saved entry: removed on %q", e.RemovedOn)
		case e.ID != "de-bank-account" && e.RemovedOn != "":
			t.Errorf("%s marked removed on %q", e.ID, e.RemovedOn)
		}
	}

	// At every start and after every sync the record is copied again:
	// nothing new, not a byte written.
	before := fileHash(t, userPath, userPath+"-wal")
	if fresh, err := Record(user, cs); err != nil || len(fresh) != 0 {
		t.Fatalf("recording again: %v, %v; want nothing new", fresh, err)
	}
	if fileHash(t, userPath, userPath+"-wal") != before {
		t.Error("recording the same installs again wrote to user.db")
	}
}
