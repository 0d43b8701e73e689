package app

import (
	"strings"
	"testing"
	"time"
)

func TestOpenState(t *testing.T) {
	monday := func(hhmm string) time.Time {
		tm, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-23 "+hhmm, time.Local)
		return tm
	}
	tests := []struct {
		hours string
		now   time.Time
		want  string
	}{
		{"24/7", monday("03:00"), "Open 24 hours, every day"},
		{"Mo-Fr 08:00-15:00", monday("10:00"), "Open now, until 15:00"},
		{"Mo-Fr 08:00-15:00", monday("07:00"), "Closed now, opens today at 08:00"},
		{"Mo-Fr 08:00-15:00", monday("16:00"), "Closed now, opens tomorrow at 08:00"},
		{"Mo-Fr 08:00-15:00", monday("16:00").AddDate(0, 0, 4), "Closed now, opens Monday at 08:00"},
		{"Mo-Fr 08:00-15:00; PH off", monday("10:00"), "Closed on public holidays"},
		{"Mo-Su off", monday("10:00"), "Closed now"},
	}
	for _, tt := range tests {
		a := newTestApp(t, &onboardedInGermany)
		a.now = func() time.Time { return tt.now }
		obj := a.openState(tt.hours)
		if obj == nil {
			t.Errorf("%q: no state", tt.hours)
			continue
		}
		a.win.SetContent(obj)
		if !strings.Contains(screenText(a), tt.want) {
			t.Errorf("%q at %s: shows %q, want %q", tt.hours, tt.now.Format("Mon 15:04"), screenText(a), tt.want)
		}
	}
	a := newTestApp(t, &onboardedInGermany)
	if a.openState("by appointment") != nil || a.openState("") != nil {
		t.Error("hours outside the subset got an opening state")
	}
}

// TestOpenStateSpeaksTheReadersClock: the time a place opens or closes is
// written as the reader's language writes times (CLDR), and reads in order
// in right-to-left text.
func TestOpenStateSpeaksTheReadersClock(t *testing.T) {
	now, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-23 10:00", time.Local)
	for _, tc := range []struct{ lang, want string }{
		{"en", "15:00"}, {"fa-AF", "15:00"}, {"ar", "3:00 م"}, {"uk", "15:00"},
	} {
		s := onboardedInGermany
		s.Lang = tc.lang
		a := newTestApp(t, &s)
		a.now = func() time.Time { return now }
		a.win.SetContent(a.openState("Mo-Fr 08:00-15:00"))
		if got := screenText(a); !strings.Contains(got, tc.want) {
			t.Errorf("%s: shows %q, want the time %q", tc.lang, got, tc.want)
		}
	}
}
