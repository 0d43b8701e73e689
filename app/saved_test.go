package app

import (
	"testing"
	"time"

	"safar.app/safar/content/store"
)

// TestSaveFromSearchResults: a number and a service found by search are
// saved from their result cards, and Saved opens them.
func TestSaveFromSearchResults(t *testing.T) {
	tests := []struct {
		query, typ, id, opens string
	}{
		{"110", store.TypeHotline, "de-hl-110", "Call 110"},
		{"Ankunftszentrum", store.TypeService, "de-berlin-svc-arrival", "Oranienburger Straße 285"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			a := newTestApp(t, &onboardedInGermany)
			a.after = func(_ time.Duration, f func()) func() { f(); return func() {} }
			if err := a.Open("search:" + tt.query); err != nil {
				t.Fatal(err)
			}
			settle(a)
			tapButton(t, a, "Save")
			mustShow(t, a, "Saved")
			entries, err := a.user.SavedEntries()
			if err != nil || len(entries) != 1 || entries[0].Type != tt.typ || entries[0].ID != tt.id || entries[0].Title == "" {
				t.Fatalf("saved %+v, %v; want %s %s with its title", entries, err, tt.typ, tt.id)
			}
			if err := a.Open("saved"); err != nil {
				t.Fatal(err)
			}
			tapCard(t, a, entries[0].Title)
			mustShow(t, a, tt.opens)
			// Saved again from the screen it opens: the same entry, forgotten.
			tapButton(t, a, "Saved")
			if on, _ := a.user.IsSaved(tt.typ, tt.id); on {
				t.Errorf("%s is still saved after tapping Saved", tt.id)
			}
		})
	}
}
