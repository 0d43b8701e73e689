package hours

import (
	"fmt"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones below, on machines without a zoneinfo folder
)

// The two findings of issue 16 §8, each as it was reported.
func TestClockChangeDayKeepsTheClockTimes(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	tests := []struct {
		value string
		from  time.Time
		want  time.Time
	}{
		// Spring forward: 02:00 CET became 03:00 CEST; the old code said 18:00.
		{"Mo-Su 09:00-17:00", time.Date(2026, 3, 29, 12, 0, 0, 0, berlin), time.Date(2026, 3, 29, 17, 0, 0, 0, berlin)},
		{"Mo-Su 09:00-17:00", time.Date(2026, 3, 29, 7, 0, 0, 0, berlin), time.Date(2026, 3, 29, 9, 0, 0, 0, berlin)},
		// Fall back: 03:00 CEST became 02:00 CET; the old code said 16:00.
		{"Mo-Su 09:00-17:00", time.Date(2026, 10, 25, 12, 0, 0, 0, berlin), time.Date(2026, 10, 25, 17, 0, 0, 0, berlin)},
		// A time the clock skips happens at the jump.
		{"Mo-Su 02:30-05:00", time.Date(2026, 3, 29, 1, 0, 0, 0, berlin), time.Date(2026, 3, 29, 3, 0, 0, 0, berlin)},
	}
	for _, tt := range tests {
		s, err := Parse(tt.value)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := s.NextChange(tt.from)
		if !ok || !got.Equal(tt.want) {
			t.Errorf("%q from %s: next change %s, want %s", tt.value, tt.from, got.In(berlin), tt.want)
		}
	}
}

func TestSignedTimesAreRefused(t *testing.T) {
	for _, value := range []string{"Mo-Fr +1:00-17:00", "Mo-Fr 09:00--1:00", "Mo-Fr 09:+1-17:00", "Mo-Fr 09:00-17:-1", "Mo-Fr  +9:00-17:00"} {
		if _, err := Parse(value); err == nil || !strings.Contains(err.Error(), "HH:MM") {
			t.Errorf("Parse(%q) = %v; want it refused as not HH:MM", value, err)
		}
	}
}

// week is a schedule written as the test's own data: the spans of each
// weekday (time.Sunday = 0) in minutes of the wall clock. The test turns it
// into an opening-hours value for Parse and, separately, into a
// minute-by-minute reference.
type week [7][][2]int

func (w week) String() string {
	names := [7]string{"Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"}
	var rules []string
	for d, spans := range w {
		if len(spans) > 0 {
			rules = append(rules, names[d]+" "+times(spans))
		}
	}
	same := len(w[0]) > 0
	for d := range w {
		same = same && times(w[d]) == times(w[0])
	}
	if same {
		return "Mo-Su " + times(w[0]) // as an editor writes it
	}
	return strings.Join(rules, ", ")
}

func times(spans [][2]int) string {
	var out []string
	for _, sp := range spans {
		to := sp[1]
		if to > day {
			to -= day // "22:00-02:30" runs past midnight
		}
		out = append(out, hhmm(sp[0])+"-"+hhmm(to))
	}
	return strings.Join(out, ",")
}

func hhmm(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

func every(spans ...[2]int) week {
	var w week
	for d := range w {
		w[d] = spans
	}
	return w
}

func clock(h, m int) int { return h*60 + m }

// TestEveryDayOfAYear compares OpenAt and NextChange with a minute-by-minute
// reference on every day of 2026 in zones whose clocks change in spring and
// autumn, in both hemispheres, by an hour or by half an hour, at 02:00, at
// midnight, and in a zone whose clock never changes.
func TestEveryDayOfAYear(t *testing.T) {
	zones := []string{
		"Europe/Berlin", "Europe/Athens", "America/New_York", "Australia/Sydney",
		"Australia/Lord_Howe", // the clock moves by 30 minutes
		"America/Santiago",    // the clock moves at midnight: 00:00 is skipped
		"Asia/Kolkata",        // no change all year
	}
	schedules := []week{
		every([2]int{clock(9, 0), clock(17, 0)}),
		// spans that start, end or lie inside the hours the clocks change
		every([2]int{clock(1, 30), clock(2, 30)}, [2]int{clock(3, 0), clock(4, 0)}),
		every([2]int{clock(22, 0), clock(2, 30) + day}),
		every([2]int{clock(0, 0), clock(1, 0)}, [2]int{clock(2, 0), clock(3, 0)}, [2]int{clock(23, 30), clock(0, 30) + day}),
		{
			time.Saturday: {{clock(23, 0), clock(3, 30) + day}},
			time.Sunday:   {{clock(0, 0), clock(0, 30)}, {clock(2, 15), clock(2, 45)}, {clock(12, 0), clock(24, 0)}},
			time.Monday:   {{clock(0, 0), clock(24, 0)}},
			time.Friday:   {{clock(2, 30), clock(3, 0)}},
		},
	}
	for _, name := range zones {
		loc := mustZone(t, name)
		ref := newReference(loc, 2026)
		for _, w := range schedules {
			s, err := Parse(w.String())
			if err != nil {
				t.Fatalf("Parse(%q): %v", w.String(), err)
			}
			open := ref.open(w)
			next := nextFlip(open)
			failures := 0
			for _, i := range ref.instants(open) {
				at := ref.moment(i).In(loc)
				if got := s.OpenAt(at); got != open[i] {
					t.Errorf("%s %q at %s: open = %v, reference says %v", name, w, at.Format(time.RFC3339), got, open[i])
					failures++
				}
				want, wantOK := -1, false
				if n := next[i]; n >= 0 && n-i <= 7*day {
					want, wantOK = n, true
				}
				got, ok := s.NextChange(at)
				if ok != wantOK || (ok && !got.Equal(ref.moment(want))) {
					wantAt := "none"
					if wantOK {
						wantAt = ref.moment(want).In(loc).Format(time.RFC3339)
					}
					t.Errorf("%s %q from %s: next change %s (%v), reference says %s", name, w,
						at.Format(time.RFC3339), got.Format(time.RFC3339), ok, wantAt)
					failures++
				}
				if failures > 10 {
					t.Fatalf("%s %q: too many differences", name, w)
				}
			}
		}
	}
}

// reference knows, for each minute of real time from a few days before a
// year to a week and more after it, what the clock of one zone reads, and
// for each clock reading the first minute that reads it or later. It is
// built by walking the minutes one by one, nothing else.
type reference struct {
	loc     *time.Location
	start   time.Time // minute 0
	minutes int
	year    int
	// firstAt[r-firstReading] is the first minute whose reading is r or later;
	// a reading is days since 1970-01-01 times 24*60 plus the minute of the day.
	firstAt      []int
	firstReading int
}

func newReference(loc *time.Location, year int) *reference {
	r := &reference{loc: loc, year: year}
	r.start = time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -4)
	r.minutes = (366 + 4 + 14) * day
	r.firstReading = reading(r.start.In(loc))
	highest := r.firstReading - 1
	for i := 0; i < r.minutes; i++ {
		for rd := reading(r.moment(i).In(loc)); highest < rd; {
			highest++
			r.firstAt = append(r.firstAt, i)
		}
	}
	return r
}

func reading(t time.Time) int {
	y, m, d := t.Date()
	days := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
	return days*day + t.Hour()*60 + t.Minute()
}

func (r *reference) moment(i int) time.Time { return r.start.Add(time.Duration(i) * time.Minute) }

// open marks each minute the schedule is open: each span of each date
// covers the minutes from the first that reads its start to the first that
// reads its end.
func (r *reference) open(w week) []bool {
	open := make([]bool, r.minutes)
	firstDay := r.firstReading/day + 1
	for dd := firstDay; (dd+2)*day-r.firstReading < len(r.firstAt); dd++ {
		wd := time.Unix(int64(dd)*86400, 0).UTC().Weekday()
		for _, sp := range w[wd] {
			from := r.firstAt[dd*day+sp[0]-r.firstReading]
			to := r.firstAt[dd*day+sp[1]-r.firstReading]
			for i := from; i < to; i++ {
				open[i] = true
			}
		}
	}
	return open
}

// nextFlip[i] is the first minute after i whose state differs, or -1.
func nextFlip(open []bool) []int {
	next := make([]int, len(open))
	next[len(open)-1] = -1
	for i := len(open) - 2; i >= 0; i-- {
		if open[i+1] != open[i] {
			next[i] = i + 1
		} else {
			next[i] = next[i+1]
		}
	}
	return next
}

// instants picks the minutes to ask about in the year: on every day, every
// 181 minutes (so the minute of the hour moves from day to day) and each
// minute the state flips and the one before; on the days the offset
// changes, every minute.
func (r *reference) instants(open []bool) []int {
	var out []int
	begin := int(time.Date(r.year, 1, 1, 0, 0, 0, 0, r.loc).Sub(r.start) / time.Minute)
	end := int(time.Date(r.year+1, 1, 1, 0, 0, 0, 0, r.loc).Sub(r.start) / time.Minute)
	changing := map[int]bool{} // days from begin whose noon offset differs from the day before's
	for d := 0; d*day < end-begin; d++ {
		_, a := r.moment(begin + d*day + 12*60).In(r.loc).Zone()
		_, b := r.moment(begin + (d-1)*day + 12*60).In(r.loc).Zone()
		if a != b {
			changing[d-1], changing[d] = true, true
		}
	}
	for i := begin; i < end; i++ {
		switch {
		case changing[(i-begin)/day], (i-begin)%181 == 0:
			out = append(out, i)
		case open[i] != open[i-1], open[i+1] != open[i]:
			out = append(out, i)
		}
	}
	return out
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
