package content

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// KindChecklist is the folder of checklists in the content tree:
// <cc>/<region>/checklist/<slug>.<lang>.toml. A checklist is not an
// article, so it is not one of Kinds.
const KindChecklist Kind = "checklist"

// Checklist is what a publisher says a reader must do in one country at
// one stage of the journey, step by step.
type Checklist struct {
	ID           string
	Country      string
	Region       string
	Slug         string
	Stage        Stage
	OriginalLang string
	Provenance   Provenance
	Titles       []ChecklistTitle
	Steps        []Step
}

// ChecklistTitle is a checklist's title in one language.
type ChecklistTitle struct {
	Lang   string
	Title  string
	Status Status
}

// Step is one thing to do. Its ID is unique within the checklist and stays
// the same when the publisher rewords it: the reader's tick is kept by it.
type Step struct {
	ID       string
	Link     string   // the id of an item or service it links to, or ""
	Deadline Deadline // counted from the day of arrival; zero when none
	Texts    []StepText
}

// StepText is a step in one language.
type StepText struct {
	Lang   string
	Text   string
	Reason string // why it matters; may be empty
	Status Status
}

// Unit is how a deadline is counted.
type Unit string

const (
	Days   Unit = "days"
	Weeks  Unit = "weeks"
	Months Unit = "months"
)

// Deadline is a time after arrival by which a step must be done, such as
// "within 14 days". The zero Deadline is none.
type Deadline struct {
	Count int
	Unit  Unit
}

// IsZero reports whether there is no deadline.
func (d Deadline) IsZero() bool { return d.Count == 0 }

// String writes d as an editor writes it: "14 days", "1 month".
func (d Deadline) String() string {
	if d.IsZero() {
		return ""
	}
	u := string(d.Unit)
	if d.Count == 1 {
		u = strings.TrimSuffix(u, "s")
	}
	return strconv.Itoa(d.Count) + " " + u
}

// maxDeadlineDays bounds a deadline: anything longer than three years is
// a typo, not a step of settling in.
const maxDeadlineDays = 3 * 366

// ParseDeadline reads "14 days", "2 weeks", "3 months" (and "1 day", "1
// week", "1 month"), optionally after "within".
func ParseDeadline(s string) (Deadline, error) {
	f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(s), "within "))
	bad := fmt.Errorf("deadline %q: write a whole number and days, weeks or months after arrival, such as \"14 days\"", s)
	if len(f) != 2 {
		return Deadline{}, bad
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || n < 1 || f[0][0] == '+' {
		return Deadline{}, bad
	}
	d := Deadline{Count: n}
	switch f[1] {
	case "day", "days":
		d.Unit = Days
	case "week", "weeks":
		d.Unit = Weeks
	case "month", "months":
		d.Unit = Months
	default:
		return Deadline{}, bad
	}
	if (d.Unit == Days && n > maxDeadlineDays) || (d.Unit == Weeks && n*7 > maxDeadlineDays) || (d.Unit == Months && n > 36) {
		return Deadline{}, fmt.Errorf("deadline %q is more than three years after arrival", s)
	}
	return d, nil
}

// Due is the last day of the deadline for a reader who arrived on arrival.
// Months are calendar months; when the month of the deadline has no such
// day (31 January plus one month), it is that month's last day, never a
// day of the month after.
func (d Deadline) Due(arrival Date) Date {
	t := time.Date(arrival.Year, time.Month(arrival.Month), arrival.Day, 12, 0, 0, 0, time.UTC)
	switch d.Unit {
	case Days:
		t = t.AddDate(0, 0, d.Count)
	case Weeks:
		t = t.AddDate(0, 0, 7*d.Count)
	case Months:
		first := time.Date(t.Year(), t.Month()+time.Month(d.Count), 1, 12, 0, 0, 0, time.UTC)
		last := first.AddDate(0, 1, -1).Day()
		day := arrival.Day
		if day > last {
			day = last
		}
		t = time.Date(first.Year(), first.Month(), day, 12, 0, 0, 0, time.UTC)
	}
	return DateOf(t)
}

// DaysUntil counts the days from d to o (negative when o is before d).
func (d Date) DaysUntil(o Date) int {
	a := time.Date(d.Year, time.Month(d.Month), d.Day, 12, 0, 0, 0, time.UTC)
	b := time.Date(o.Year, time.Month(o.Month), o.Day, 12, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Round(24*time.Hour) / (24 * time.Hour))
}

// Text is the step in the first language of chain that has it, else in
// the original language, else the first there is.
func (s Step) Text(chain []string, original string) StepText {
	for _, l := range append(append([]string{}, chain...), original) {
		for _, t := range s.Texts {
			if t.Lang == l {
				return t
			}
		}
	}
	if len(s.Texts) > 0 {
		return s.Texts[0]
	}
	return StepText{}
}

// Fingerprint identifies what the publisher asks in a step: its text in
// the original language, its link and its deadline. A reader's tick
// remembers it, so that a later change to the step is shown beside the
// tick. A new translation or reason alone does not change it.
func (s Step) Fingerprint(original string) string {
	text := ""
	for _, t := range s.Texts {
		if t.Lang == original {
			text = t.Text
		}
	}
	h := sha256.Sum256([]byte(strings.Join([]string{strings.TrimSpace(text), s.Link, s.Deadline.String()}, "\x00")))
	return hex.EncodeToString(h[:8])
}

// Title is the checklist's title in the first language of chain that has
// it, else in the original language, with the language it is in.
func (c Checklist) Title(chain []string) (title, lang string) {
	for _, l := range append(append([]string{}, chain...), c.OriginalLang) {
		for _, t := range c.Titles {
			if t.Lang == l {
				return t.Title, t.Lang
			}
		}
	}
	return c.ID, c.OriginalLang
}

// validateChecklists checks what the loader cannot see in one file: the
// place, the stage, each step's text in the original and its link.
func (p *Pack) validateChecklists(addAt func(Ref, string, ...any), exists func(id string) bool) {
	for _, c := range p.Checklists {
		if !c.Stage.Valid() {
			addAt(Ref{ID: c.ID, Key: "stage"}, "unknown stage %q: use one of %v", c.Stage, Stages)
		}
		if !slugPattern.MatchString(c.Slug) {
			addAt(Ref{ID: c.ID}, "slug %q must be lower-case letters, digits and -", c.Slug)
		}
		for _, m := range checkProvenance(c.Provenance) {
			addAt(Ref{ID: c.ID, Key: m.key}, "%s", m.msg)
		}
		hasTitle := false
		for _, t := range c.Titles {
			if t.Lang == c.OriginalLang && strings.TrimSpace(t.Title) != "" {
				hasTitle = true
			}
			if !t.Status.Valid() {
				addAt(Ref{ID: c.ID, Lang: t.Lang, Key: "status"}, "%s: unknown status %q", t.Lang, t.Status)
			}
		}
		if !hasTitle {
			addAt(Ref{ID: c.ID, Key: "title"}, "checklist %s has no title in its original language %q", c.ID, c.OriginalLang)
		}
		if len(c.Steps) == 0 {
			addAt(Ref{ID: c.ID}, "checklist %s has no steps", c.ID)
		}
		seen := map[string]bool{}
		for i, s := range c.Steps {
			at := Ref{ID: c.ID, Key: "step:" + s.ID}
			name := fmt.Sprintf("step %d (%q)", i+1, s.ID)
			if !slugPattern.MatchString(s.ID) {
				addAt(at, "%s: step id must be lower-case letters, digits and -", name)
			}
			if seen[s.ID] {
				addAt(at, "%s: two steps with the id %q", name, s.ID)
			}
			seen[s.ID] = true
			if s.Link != "" && !exists(s.Link) {
				addAt(at, "%s: link to %q: no item has that id", name, s.Link)
			}
			if !s.Deadline.IsZero() && (c.Stage == StageBefore || c.Stage == StageOnTheWay) {
				addAt(at, "%s: a deadline counts from arrival; a step of stage %q cannot have one", name, c.Stage)
			}
			original := false
			for _, t := range s.Texts {
				if t.Lang == c.OriginalLang {
					original = true
				}
				if strings.TrimSpace(t.Text) == "" {
					addAt(Ref{ID: c.ID, Lang: t.Lang, Key: "step:" + s.ID}, "%s: empty text in %s", name, t.Lang)
				}
			}
			if !original {
				addAt(at, "%s: no text in the original language %q", name, c.OriginalLang)
			}
		}
	}
}
