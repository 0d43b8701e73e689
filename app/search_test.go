package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// fakeClock stands in for App.after: its timers fire when the test says,
// on the test's goroutine, so the order of events is the test's choice.
type fakeClock struct{ timers []*fakeTimer }

type fakeTimer struct {
	d       time.Duration
	f       func()
	stopped bool
}

func (c *fakeClock) after(d time.Duration, f func()) func() {
	t := &fakeTimer{d: d, f: f}
	c.timers = append(c.timers, t)
	return func() { t.stopped = true }
}

// TestSearchWaitsForAPauseAndDropsStaleResults: typing schedules a search
// after a pause instead of running one per keystroke; each keystroke
// cancels the search pending for the text before it; and results that
// arrive after a newer query was typed are dropped.
func TestSearchWaitsForAPauseAndDropsStaleResults(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	var clock fakeClock
	a.after = clock.after
	if err := a.Open("search:"); err != nil {
		t.Fatal(err)
	}
	field := entry(t, a)
	test.Type(field, "112")
	if len(clock.timers) != 3 {
		t.Fatalf("%d searches scheduled for 3 keystrokes, want 3", len(clock.timers))
	}
	for i, tm := range clock.timers {
		if tm.d != searchPause || searchPause <= 0 {
			t.Errorf("search %d waits %v, want the pause %v", i, tm.d, searchPause)
		}
		if want := i < 2; tm.stopped != want {
			t.Errorf("search %d stopped = %v, want %v", i, tm.stopped, want)
		}
	}
	if n := len(cards(a)); n != 0 {
		t.Fatalf("%d results before the pause ended: the keystroke searched", n)
	}
	clock.timers[2].f()
	if len(cards(a)) == 0 {
		t.Fatalf("no results for 112 after the pause:\n%s", screenText(a))
	}

	if found, _ := a.content.Search("doctor", "de", a.chain(), searchLimit); len(found) == 0 {
		t.Fatal("no results for doctor: the stale results below would prove nothing")
	}
	// The reader types on while the search for "doctor" is already running;
	// the newer search ends first, the older one after it.
	field.SetText("doctor")
	older := clock.timers[len(clock.timers)-1]
	field.SetText("zzqqxx")
	newer := clock.timers[len(clock.timers)-1]
	newer.f()
	mustShow(t, a, "Nothing found for “zzqqxx”.")
	older.f()
	mustShow(t, a, "Nothing found for “zzqqxx”.")
	if n := len(cards(a)); n != 0 {
		t.Errorf("results for the older query replaced the newer: %d cards", n)
	}
}
