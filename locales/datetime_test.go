package locales

import (
	"strings"
	"testing"
	"time"
)

// TestDatesFollowTheReadersLanguage: dates name their month in the reader's
// language and follow CLDR's order; times use the reader's clock; no
// reader sees an ISO string.
func TestDatesFollowTheReadersLanguage(t *testing.T) {
	at := time.Date(2026, 5, 12, 14, 30, 0, 0, time.UTC)
	tests := []struct {
		tag, date, clock string
	}{
		{"en", "12 May 2026", "14:30"},
		{"ar", "12 مايو 2026", "2:30 م"},
		{"fa", "12 مهٔ 2026", "14:30"},
		{"fa-AF", "12 می 2026", "14:30"},
		{"ps", "د 2026 د مۍ 12", "14:30"},
		{"ti", "12 ግንቦት 2026", "2:30 ድሕር ሰዓት"},
		{"so", "12 Bisha Shanaad 2026", "2:30 GD"},
		{"uk", "12 травня 2026 р.", "14:30"},
		{"fr", "12 mai 2026", "14:30"},
		{"es", "12 de mayo de 2026", "14:30"},
		{"de", "12. Mai 2026", "14:30"},
		{"ar-EG", "12 مايو 2026", "2:30 م"}, // the closest language
		{"xx", "12 May 2026", "14:30"},      // none close: English
	}
	for _, tt := range tests {
		if got := FormatDate(tt.tag, at); got != tt.date {
			t.Errorf("%s: date %q, want %q", tt.tag, got, tt.date)
		}
		if got := FormatTime(tt.tag, at); got != tt.clock {
			t.Errorf("%s: time %q, want %q", tt.tag, got, tt.clock)
		}
		if got := FormatDay(tt.tag, 2026, 5, 12); got != tt.date {
			t.Errorf("%s: day %q, want %q", tt.tag, got, tt.date)
		}
		if got := FormatDateTime(tt.tag, at); !strings.Contains(got, tt.date) || !strings.Contains(got, tt.clock) || strings.Contains(got, "2026-05-12") {
			t.Errorf("%s: date and time %q", tt.tag, got)
		}
	}
	for _, l := range Languages {
		loc, err := New(l.Tag)
		if err != nil {
			t.Fatal(err)
		}
		if d := loc.Date(at); strings.Contains(d, "-05-") || !strings.Contains(d, "2026") {
			t.Errorf("%s: %q", l.Tag, d)
		}
	}
}
