package userdata

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func openSavedTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var day1 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// TestSavedEntries saves, saves again, lists and forgets entries, and
// sees what an update that removes or brings back an item does to them.
func TestSavedEntries(t *testing.T) {
	type step struct {
		name string
		do   func(s *Store) error
		want []string // type/id/title/removed_on, newest first
	}
	asylum := Saved{Type: "item", ID: "de-asylum", Country: "de", Kind: "entry", Title: "Asking for asylum", Lang: "en", Added: day1}
	police := Saved{Type: "hotline", ID: "de-hl-110", Country: "de", Kind: "police", Title: "Police", Lang: "en", Added: day1.Add(time.Hour)}
	removed := Change{Type: "item", ItemID: "de-asylum", Country: "de", What: ChangeRemoved, Titles: map[string]string{"en": "Asking for asylum"}}
	steps := []step{
		{"nothing saved", func(*Store) error { return nil }, nil},
		{"save an article", func(s *Store) error { return s.Save(asylum) }, []string{"item/de-asylum/Asking for asylum/"}},
		{"save a hotline", func(s *Store) error { return s.Save(police) },
			[]string{"hotline/de-hl-110/Police/", "item/de-asylum/Asking for asylum/"}},
		{"an update removes the article", func(s *Store) error {
			_, err := s.RecordChanges(day1.Add(48*time.Hour), "feed", 3, []Change{removed})
			return err
		}, []string{"hotline/de-hl-110/Police/", "item/de-asylum/Asking for asylum/2026-11-22"}},
		{"the same update recorded again", func(s *Store) error {
			_, err := s.RecordChanges(day1.Add(48*time.Hour), "feed", 3, []Change{removed})
			return err
		}, []string{"hotline/de-hl-110/Police/", "item/de-asylum/Asking for asylum/2026-11-22"}},
		{"a later update brings it back", func(s *Store) error {
			back := removed
			back.What = ChangeAdded
			_, err := s.RecordChanges(day1.Add(96*time.Hour), "feed", 4, []Change{back})
			return err
		}, []string{"hotline/de-hl-110/Police/", "item/de-asylum/Asking for asylum/"}},
		{"an update renames the hotline", func(s *Store) error {
			_, err := s.RecordChanges(day1.Add(100*time.Hour), "feed", 5, []Change{{Type: "hotline", ItemID: "de-hl-110",
				Country: "de", What: ChangeChanged, Titles: map[string]string{"en": "Police (emergency)", "ar": "الشرطة"}}})
			return err
		}, []string{"hotline/de-hl-110/Police (emergency)/", "item/de-asylum/Asking for asylum/"}},
		{"forget the hotline", func(s *Store) error { return s.Unsave("hotline", "de-hl-110") },
			[]string{"item/de-asylum/Asking for asylum/"}},
		{"forget it twice", func(s *Store) error { return s.Unsave("hotline", "de-hl-110") },
			[]string{"item/de-asylum/Asking for asylum/"}},
		{"a save without an id is refused", func(s *Store) error {
			if err := s.Save(Saved{Type: "item"}); err != ErrSavedEntry {
				t.Errorf("saving without an id: %v, want ErrSavedEntry", err)
			}
			return nil
		}, []string{"item/de-asylum/Asking for asylum/"}},
	}
	s := openSavedTest(t)
	for _, st := range steps {
		if err := st.do(s); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		entries, err := s.SavedEntries()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			got = append(got, e.Type+"/"+e.ID+"/"+e.Title+"/"+e.RemovedOn)
		}
		if !reflect.DeepEqual(got, st.want) {
			t.Errorf("%s: saved %q, want %q", st.name, got, st.want)
		}
		if on, _ := s.IsSaved("item", "de-asylum"); on != (len(st.want) > 0) {
			t.Errorf("%s: IsSaved(de-asylum) = %v", st.name, on)
		}
	}
}

// TestChangesForTheReader: what an update changed is listed for the
// reader's countries and stage, a changed number first, and counted as
// unseen until the reader looks.
func TestChangesForTheReader(t *testing.T) {
	s := openSavedTest(t)
	first := []Change{
		{Type: "item", ItemID: "de-old", Country: "de", Kind: "living", What: ChangeChanged, Titles: map[string]string{"en": "Old"}},
	}
	second := []Change{
		{Type: "item", ItemID: "de-asylum", Country: "de", Kind: "entry", Stages: []string{"first-weeks"}, What: ChangeChanged,
			Titles: map[string]string{"en": "Asking for asylum", "ar": "طلب اللجوء"}},
		{Type: "item", ItemID: "de-school", Country: "de", Kind: "living", Stages: []string{"settling-in"}, What: ChangeAdded,
			Titles: map[string]string{"en": "School"}},
		{Type: "item", ItemID: "de-gone", Country: "de", Kind: "rights", What: ChangeRemoved, Titles: map[string]string{"en": "Gone"}},
		{Type: "hotline", ItemID: "de-hl-116016", Country: "de", Kind: "gbv", What: ChangeChanged, Titles: map[string]string{"en": "Helpline"}},
		{Type: "hotline", ItemID: "de-hl-110", Country: "de", Kind: "police", What: ChangeChanged, OldNumber: "110", NewNumber: "+4930110",
			Titles: map[string]string{"en": "Police"}},
		{Type: "service", ItemID: "se-svc", Country: "se", Kind: "service", What: ChangeAdded, Titles: map[string]string{"en": "Swedish office"}},
	}
	if n, err := s.RecordChanges(day1, "feed", 1, first); err != nil || n != 1 {
		t.Fatalf("recorded %d, %v", n, err)
	}
	if n, err := s.RecordChanges(day1.Add(24*time.Hour), "feed", 2, second); err != nil || n != len(second) {
		t.Fatalf("recorded %d, %v", n, err)
	}
	if n, err := s.RecordChanges(day1.Add(24*time.Hour), "feed", 2, second); err != nil || n != 0 {
		t.Fatalf("recording the same update again added %d, %v", n, err)
	}
	tests := []struct {
		countries []string
		stage     string
		want      []string
	}{
		{[]string{"de"}, "first-weeks", []string{"de-hl-110", "de-hl-116016", "de-asylum", "de-gone", "de-old"}},
		{[]string{"de"}, "settling-in", []string{"de-hl-110", "de-hl-116016", "de-school", "de-gone", "de-old"}},
		{[]string{"de"}, "", []string{"de-hl-110", "de-hl-116016", "de-asylum", "de-school", "de-gone", "de-old"}},
		{[]string{"se", "af"}, "before", []string{"se-svc"}},
		{nil, "", nil},
	}
	for _, tt := range tests {
		cs, err := s.Changes(tt.countries, tt.stage)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range cs {
			got = append(got, c.ItemID)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Changes(%v, %q) = %v, want %v", tt.countries, tt.stage, got, tt.want)
		}
	}
	cs, _ := s.Changes([]string{"de"}, "first-weeks")
	if c := cs[0]; !c.NumberChanged() || c.OldNumber != "110" || c.NewNumber != "+4930110" || !c.InstalledAt.Equal(day1.Add(24*time.Hour)) {
		t.Errorf("first change %+v, want the police number 110 → +4930110", c)
	}
	if cs[2].Titles["ar"] != "طلب اللجوء" {
		t.Errorf("titles %v", cs[2].Titles)
	}
	if n := Unseen(cs); n != 5 {
		t.Errorf("%d unseen, want 5", n)
	}
	if err := s.MarkChangesSeen(cs, day1.Add(50*time.Hour)); err != nil {
		t.Fatal(err)
	}
	cs, _ = s.Changes([]string{"de"}, "first-weeks")
	if n := Unseen(cs); n != 0 {
		t.Errorf("%d unseen after looking, want 0", n)
	}
	// What the reader did not look at (another stage's change) stays new.
	cs, _ = s.Changes([]string{"de"}, "settling-in")
	if n := Unseen(cs); n != 1 || cs[2].ItemID != "de-school" || cs[2].Seen {
		t.Errorf("%d unseen for settling in, want de-school alone: %+v", n, cs)
	}
}

// TestUpdatesInOneSecondAreBothRecorded: a sync right after another can
// install two updates from the same feed within one second. Each is named
// by its sequence too, so the second's change to the same hotline (its
// number changed again) is recorded, not dropped as seen before; the same
// update recorded again still adds nothing.
func TestUpdatesInOneSecondAreBothRecorded(t *testing.T) {
	s := openSavedTest(t)
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	change := func(old, new string) []Change {
		return []Change{{Type: "hotline", ItemID: "de-hl-110", Country: "de", Kind: "police", What: ChangeChanged,
			OldNumber: old, NewNumber: new, Titles: map[string]string{"en": "Police"}}}
	}
	for _, step := range []struct {
		at       time.Time
		sequence int64
		changes  []Change
		want     int
	}{
		{at, 7, change("110", "111"), 1},
		{at.Add(300 * time.Millisecond), 8, change("111", "110"), 1},
		{at.Add(300 * time.Millisecond), 8, change("111", "110"), 0}, // the same update again
	} {
		if n, err := s.RecordChanges(step.at, "feed", step.sequence, step.changes); err != nil || n != step.want {
			t.Fatalf("update %d: recorded %d, %v; want %d", step.sequence, n, err, step.want)
		}
	}
	var numbers []string
	rows, err := s.conn().Query(`SELECT new_number FROM content_change WHERE item_id = 'de-hl-110' ORDER BY sequence`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		rows.Scan(&n)
		numbers = append(numbers, n)
	}
	if strings.Join(numbers, " ") != "111 110" {
		t.Errorf("recorded numbers %v, want both updates' (111 110)", numbers)
	}
}
