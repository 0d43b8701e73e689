package hours

import (
	"strings"
	"testing"
	"time"
)

// Moments the clocks change in 2026, in zones that change forward and
// back, by an hour or half an hour, at 02:00 or at midnight.
var changes = []struct {
	zone string
	at   string // local wall clock just before the change
}{
	{"Europe/Berlin", "2026-03-29 01:30"}, {"Europe/Berlin", "2026-10-25 02:30"},
	{"America/New_York", "2026-03-08 01:30"}, {"America/New_York", "2026-11-01 01:30"},
	{"Australia/Sydney", "2026-04-05 02:30"}, {"Australia/Sydney", "2026-10-04 01:30"},
	{"Australia/Lord_Howe", "2026-04-05 01:30"}, {"Australia/Lord_Howe", "2026-10-04 01:30"},
	{"America/Santiago", "2026-04-04 23:30"}, {"America/Santiago", "2026-09-05 23:30"},
	{"Asia/Kolkata", "2026-03-29 01:30"},
}

// FuzzHours: any value parses or is refused with a message that quotes it;
// for a schedule that parses, at moments within two days of a clock change,
// NextChange returns a later moment where OpenAt differs, and OpenAt does
// not change before it.
func FuzzHours(f *testing.F) {
	for _, v := range []string{
		"24/7", "Mo-Fr 09:00-17:00", "Mo-Fr 09:00-12:00,13:00-16:00; Sa 10:00-14:00; Su off",
		"Mo-Su 01:30-02:30,03:00-04:00", "Sa 23:00-03:30, Su 00:00-00:30,02:15-02:45",
		"Mo-Fr 08:00-16:00; PH off", "Fr 22:00-02:00", "Mo-Su 00:00-24:00", "Tu", "Mo-Fr +1:00-17:00",
	} {
		f.Add(v, uint8(0), int32(0))
	}
	f.Fuzz(func(t *testing.T, value string, which uint8, minutes int32) {
		s, err := Parse(value)
		if err != nil {
			if !strings.Contains(err.Error(), "opening hours") {
				t.Errorf("the message does not say what it is about: %v", err)
			}
			return
		}
		c := changes[int(which)%len(changes)]
		loc, err := time.LoadLocation(c.zone)
		if err != nil {
			t.Skip(err)
		}
		base, _ := time.ParseInLocation("2006-01-02 15:04", c.at, loc)
		at := base.Add(time.Duration(minutes%(2*24*60)) * time.Minute)
		open := s.OpenAt(at)
		next, ok := s.NextChange(at)
		if !ok {
			for _, d := range []time.Duration{time.Minute, time.Hour, 25 * time.Hour, 6 * 24 * time.Hour} {
				if s.OpenAt(at.Add(d)) != open {
					t.Fatalf("%q at %s: no change, yet OpenAt differs %s later", value, at, d)
				}
			}
			return
		}
		if !next.After(at) || next.Sub(at) > 9*24*time.Hour {
			t.Fatalf("%q at %s: next change at %s", value, at, next)
		}
		if s.OpenAt(next) == open {
			t.Fatalf("%q at %s: at the next change %s OpenAt is still %v", value, at, next, open)
		}
		for _, m := range []time.Time{next.Add(-time.Minute), at.Add(next.Sub(at) / 2)} {
			if m.After(at) && s.OpenAt(m) != open {
				t.Fatalf("%q at %s: OpenAt changes at %s, before the next change %s", value, at, m, next)
			}
		}
	})
}
