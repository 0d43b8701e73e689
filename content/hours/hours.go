// Package hours reads opening hours in the common subset of OpenStreetMap's
// opening_hours syntax ("Mo-Fr 09:00-17:00; Sa 10:00-14:00; Su off") and
// answers "is it open now, and until when". The subset is what editors of
// offices and help lines need; anything beyond it is refused with a message,
// never guessed at, because a reader may walk across a city on the answer.
package hours

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Schedule is a parsed week of opening hours.
type Schedule struct {
	always bool
	// days[d] are the open spans of weekday d (time.Sunday = 0), in
	// minutes of the wall clock from that day's midnight; a span past
	// midnight ends after 24*60.
	days [7][]span
	// holidaysOff records "PH off": offline, the app cannot know the public
	// holidays, so it only warns that the place may be closed on them.
	holidaysOff bool
}

type span struct{ from, to int }

const day = 24 * 60

var weekdays = map[string]time.Weekday{
	"Mo": time.Monday, "Tu": time.Tuesday, "We": time.Wednesday, "Th": time.Thursday,
	"Fr": time.Friday, "Sa": time.Saturday, "Su": time.Sunday,
}

// Error says what is wrong with an opening-hours value and where.
type Error struct {
	Value string
	Pos   int // byte offset in Value
	Msg   string
}

func (e *Error) Error() string {
	return fmt.Sprintf("opening hours %q: %s (at %q)", e.Value, e.Msg, rest(e.Value, e.Pos))
}

func rest(s string, pos int) string {
	if pos >= len(s) {
		return "the end"
	}
	r := s[pos:]
	if len(r) > 12 {
		r = r[:12] + "…"
	}
	return r
}

// Parse reads an opening-hours value. Rules are separated by ";" (a later
// rule replaces earlier ones for its days) or by ", " before a weekday (an
// additional rule that adds to them).
func Parse(value string) (Schedule, error) {
	p := &parser{s: value}
	var sch Schedule
	if strings.TrimSpace(value) == "" {
		return sch, &Error{value, 0, "is empty"}
	}
	if strings.TrimSpace(value) == "24/7" {
		sch.always = true
		return sch, nil
	}
	additional := false
	for {
		p.space()
		if err := p.rule(&sch, additional); err != nil {
			return Schedule{}, err
		}
		p.space()
		if p.done() {
			return sch, nil
		}
		switch p.peek() {
		case ';':
			additional = false
		case ',':
			additional = true
		default:
			return Schedule{}, p.fail("expected \";\" between rules")
		}
		p.pos++
	}
}

type parser struct {
	s   string
	pos int
}

func (p *parser) done() bool { return p.pos >= len(p.s) }
func (p *parser) peek() byte { return p.s[p.pos] }
func (p *parser) space() {
	for !p.done() && p.peek() == ' ' {
		p.pos++
	}
}
func (p *parser) fail(msg string) error { return &Error{p.s, p.pos, msg} }

// rule reads "[weekdays] (times | off)" into sch.
func (p *parser) rule(sch *Schedule, additional bool) error {
	var days [7]bool
	anyDay, holiday := false, false
	if p.atWord() {
		for {
			w := p.word()
			switch {
			case w == "PH":
				holiday = true
			case weekdays[w] != 0 || w == "Su":
				first := weekdays[w]
				last := first
				if !p.done() && p.peek() == '-' {
					p.pos++
					w2 := p.word()
					d, ok := weekdays[w2]
					if !ok && w2 != "Su" {
						return p.fail(fmt.Sprintf("%q is not a weekday (Mo Tu We Th Fr Sa Su)", w2))
					}
					last = d
				}
				for d := first; ; d = (d + 1) % 7 {
					days[d] = true
					if d == last {
						break
					}
				}
				anyDay = true
			case w == "off" || w == "closed":
				p.pos -= len(w) // a rule of its own: "off" on every day
				goto times
			default:
				p.pos -= len(w)
				return p.fail(fmt.Sprintf("%q is outside the supported subset: use weekdays Mo-Su, PH, times HH:MM-HH:MM, off, or 24/7", w))
			}
			if !p.done() && p.peek() == ',' && p.atWordAfterComma() {
				p.pos++
				continue
			}
			break
		}
	}
times:
	if !anyDay && !holiday {
		for d := range days {
			days[d] = true
		}
	}
	p.space()
	var spans []span
	switch {
	case p.atWord():
		w := p.word()
		if w != "off" && w != "closed" {
			p.pos -= len(w)
			return p.fail("expected times like 09:00-17:00 or \"off\"")
		}
	case p.done() || p.peek() == ';':
		if holiday || !anyDay {
			return p.fail("expected times like 09:00-17:00 or \"off\"")
		}
		spans = []span{{0, day}} // "Mo-Fr" alone means open all day
	default:
		for {
			sp, err := p.span()
			if err != nil {
				return err
			}
			spans = append(spans, sp)
			if !p.done() && p.peek() == ',' && !p.atWordAfterComma() {
				p.pos++
				p.space()
				continue
			}
			break
		}
	}
	if holiday {
		if len(spans) > 0 {
			return p.fail("public-holiday hours other than \"PH off\" are outside the supported subset")
		}
		sch.holidaysOff = true
	}
	if anyDay || !holiday {
		for d := range days {
			if !days[d] {
				continue
			}
			if additional {
				sch.days[d] = append(sch.days[d], spans...)
			} else {
				sch.days[d] = append([]span(nil), spans...)
			}
		}
	}
	return nil
}

func (p *parser) atWord() bool {
	return !p.done() && p.peek() >= 'A' && p.peek() <= 'z' && (p.peek() <= 'Z' || p.peek() >= 'a')
}

// atWordAfterComma tells a weekday list ("Mo,We") or a new rule ("…, Sa
// 10:00-12:00") from a list of times ("09:00-12:00,13:00-16:00").
func (p *parser) atWordAfterComma() bool {
	q := &parser{s: p.s, pos: p.pos + 1}
	q.space()
	return q.atWord()
}

func (p *parser) word() string {
	start := p.pos
	for !p.done() && ((p.peek() >= 'A' && p.peek() <= 'Z') || (p.peek() >= 'a' && p.peek() <= 'z')) {
		p.pos++
	}
	return p.s[start:p.pos]
}

func (p *parser) span() (span, error) {
	from, err := p.clock()
	if err != nil {
		return span{}, err
	}
	if p.done() || p.peek() != '-' {
		return span{}, p.fail("expected \"-\" and a closing time")
	}
	p.pos++
	to, err := p.clock()
	if err != nil {
		return span{}, err
	}
	if from == to {
		return span{}, p.fail("a time range must not start and end at the same time")
	}
	if to < from {
		to += day // runs past midnight
	}
	return span{from, to}, nil
}

// clock reads HH:MM, 00:00 to 24:00. Only ASCII digits count: strconv.Atoi
// alone would take "+1" and "-1" as hours.
func (p *parser) clock() (int, error) {
	if len(p.s)-p.pos < 5 || p.s[p.pos+2] != ':' ||
		!digits(p.s[p.pos:p.pos+2]) || !digits(p.s[p.pos+3:p.pos+5]) {
		return 0, p.fail("expected a time as HH:MM")
	}
	h, _ := strconv.Atoi(p.s[p.pos : p.pos+2])
	m, _ := strconv.Atoi(p.s[p.pos+3 : p.pos+5])
	if h > 24 || m > 59 || (h == 24 && m != 0) {
		return 0, p.fail("expected a time as HH:MM between 00:00 and 24:00")
	}
	p.pos += 5
	return h*60 + m, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Always reports whether the schedule is "24/7".
func (s Schedule) Always() bool { return s.always }

// HolidaysOff reports whether the place is closed on public holidays.
func (s Schedule) HolidaysOff() bool { return s.holidaysOff }

// Times are read on the wall clock of t's location, and every span of a
// day is a stretch of real time: it opens at the first moment that day's
// clock reads its opening time or later, and closes at the first moment
// the clock reads its closing time or later. That one rule settles the two
// hours a year when the clock is not a plain count of minutes:
//   - a time the clock skips (02:30 when it jumps from 02:00 to 03:00)
//     happens at the jump, so "02:30-05:00" opens at 03:00 and a span lying
//     wholly inside the skipped hour does not open that day;
//   - a time the clock shows twice (02:30 when it falls back from 03:00 to
//     02:00) happens the first time, so a place closing at 02:30 stays
//     closed when the clock shows 02:30 again, and one opening at 02:30
//     stays open through the repeated hour.
// Every other day a span of 09:00-17:00 is open from 09:00 to 17:00 by the
// clock, whatever the number of minutes since midnight.

// OpenAt reports whether the place is open at t, read in t's location.
func (s Schedule) OpenAt(t time.Time) bool {
	if s.always {
		return true
	}
	return s.around(t).holds(t)
}

// NextChange is the first moment after t when the place opens (if closed at
// t) or closes (if open), within the next week; ok is false if it never
// changes (always open, or never open).
func (s Schedule) NextChange(t time.Time) (at time.Time, ok bool) {
	if s.always {
		return time.Time{}, false
	}
	d := date(t)
	spans := s.around(t)
	open := spans.holds(t)
	// The spans of the days up to d+k are all that can hold a moment
	// before day d+k+1 begins, so the edges before then are settled.
	for k := 1; k <= 8; k++ {
		if k > 1 {
			spans = s.add(spans, d.AddDate(0, 0, k), t.Location())
		}
		limit := wallClock(d.AddDate(0, 0, k+1), 0, t.Location())
		var edges []time.Time
		for _, sp := range spans {
			for _, e := range [2]time.Time{sp.from, sp.to} {
				if e.After(t) && e.Before(limit) {
					edges = append(edges, e)
				}
			}
		}
		sort.Slice(edges, func(i, j int) bool { return edges[i].Before(edges[j]) })
		for _, e := range edges {
			if spans.holds(e) != open {
				return e, true
			}
		}
	}
	return time.Time{}, false
}

// stretch is a span placed on a date: from its first moment to the moment
// it ends, in real time.
type stretch struct{ from, to time.Time }

type stretches []stretch

func (ss stretches) holds(t time.Time) bool {
	for _, s := range ss {
		if !t.Before(s.from) && t.Before(s.to) {
			return true
		}
	}
	return false
}

// around is the spans that can hold t: a span starts on its own date and
// ends at most two days later, so the spans of the two days before t's date
// and of the day after (which can start before t's date ends, when the
// clock falls back across midnight) are the only ones that can.
func (s Schedule) around(t time.Time) stretches {
	var spans stretches
	d := date(t)
	for offset := -2; offset <= 1; offset++ {
		spans = s.add(spans, d.AddDate(0, 0, offset), t.Location())
	}
	return spans
}

// add appends the spans of the date on (a UTC midnight) as read in loc.
func (s Schedule) add(spans stretches, on time.Time, loc *time.Location) stretches {
	for _, sp := range s.days[on.Weekday()] {
		if from, to := sp.at(on, loc); from.Before(to) {
			spans = append(spans, stretch{from, to})
		}
	}
	return spans
}

// date is the calendar date of t's wall clock, as a UTC midnight so that
// AddDate counts days and nothing else.
func date(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// at is the stretch of real time the span covers on the given date in loc.
// It may be empty when the clock skips all of it.
func (sp span) at(on time.Time, loc *time.Location) (from, to time.Time) {
	from = wallClock(on, sp.from, loc)
	to = wallClock(on, sp.to, loc)
	if to.Before(from) {
		to = from
	}
	return from, to
}

// wallClock is the first moment at which the clock in loc reads the given
// minute of the given date (a UTC midnight) or later. Minutes past 24*60
// fall on the next day. time.Date is not enough on its own: for a time the
// clock shows twice it picks one by the sign of the zone's offset, and for
// a skipped time it moves by the size of the jump, east or west.
func wallClock(on time.Time, minute int, loc *time.Location) time.Time {
	wall := on.Add(time.Duration(minute) * time.Minute) // the reading, as if in UTC
	// The moment lies within 15 hours of the reading (offsets run from
	// -12 to +14 hours). Most days one offset holds all that time.
	probe := wall.Add(-15 * time.Hour).In(loc)
	_, off := probe.Zone()
	if _, end := probe.ZoneBounds(); end.IsZero() || end.After(wall.Add(15*time.Hour)) {
		return wall.Add(-time.Duration(off) * time.Second).In(loc)
	}
	// Near a change, each offset in force in that stretch is a candidate,
	// and the earliest moment consistent with its offset wins.
	var first time.Time
	found := false
	for h := -15; h <= 15; h += 5 {
		_, off := wall.Add(time.Duration(h) * time.Hour).In(loc).Zone()
		moment := wall.Add(-time.Duration(off) * time.Second)
		if _, got := moment.In(loc).Zone(); got != off {
			continue
		}
		if !found || moment.Before(first) {
			first, found = moment, true
		}
	}
	if found {
		return first.In(loc)
	}
	// The clock skips the reading: it happens when the clock jumps past it,
	// the start of the zone in force just after the jump.
	_, before := wall.Add(-15 * time.Hour).In(loc).Zone()
	start, _ := wall.Add(-time.Duration(before) * time.Second).In(loc).ZoneBounds()
	return start.In(loc)
}
