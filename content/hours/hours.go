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
	// days[d] are the open spans of weekday d (time.Sunday = 0), in minutes
	// from midnight; a span past midnight ends after 24*60.
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

// clock reads HH:MM, 00:00 to 24:00.
func (p *parser) clock() (int, error) {
	if len(p.s)-p.pos < 5 || p.s[p.pos+2] != ':' {
		return 0, p.fail("expected a time as HH:MM")
	}
	h, err1 := strconv.Atoi(p.s[p.pos : p.pos+2])
	m, err2 := strconv.Atoi(p.s[p.pos+3 : p.pos+5])
	if err1 != nil || err2 != nil || h > 24 || m > 59 || (h == 24 && m != 0) {
		return 0, p.fail("expected a time as HH:MM between 00:00 and 24:00")
	}
	p.pos += 5
	return h*60 + m, nil
}

// Always reports whether the schedule is "24/7".
func (s Schedule) Always() bool { return s.always }

// HolidaysOff reports whether the place is closed on public holidays.
func (s Schedule) HolidaysOff() bool { return s.holidaysOff }

// OpenAt reports whether the place is open at t, read in t's location.
func (s Schedule) OpenAt(t time.Time) bool {
	if s.always {
		return true
	}
	wd := t.Weekday()
	m := t.Hour()*60 + t.Minute()
	for _, sp := range s.days[wd] {
		if m >= sp.from && m < sp.to {
			return true
		}
	}
	for _, sp := range s.days[(wd+6)%7] { // yesterday's spans past midnight
		if m+day >= sp.from && m+day < sp.to {
			return true
		}
	}
	return false
}

// NextChange is the first moment after t when the place opens (if closed at
// t) or closes (if open), within the next week; ok is false if it never
// changes (always open, or never open).
func (s Schedule) NextChange(t time.Time) (at time.Time, ok bool) {
	if s.always {
		return time.Time{}, false
	}
	t = t.Truncate(time.Minute)
	midnight := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	var edges []time.Time
	for offset := -1; offset <= 7; offset++ {
		d := midnight.AddDate(0, 0, offset)
		for _, sp := range s.days[d.Weekday()] {
			for _, m := range []int{sp.from, sp.to} {
				edges = append(edges, d.Add(time.Duration(m)*time.Minute))
			}
		}
	}
	sort.Slice(edges, func(i, j int) bool { return edges[i].Before(edges[j]) })
	now := s.OpenAt(t)
	for _, e := range edges {
		if e.After(t) && s.OpenAt(e) != now {
			return e, true
		}
	}
	return time.Time{}, false
}
