package content

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/text/language"

	"safar.app/safar/content/hours"
	"safar.app/safar/content/markdown"
	"safar.app/safar/internal/parallel"
)

// Problem is one thing wrong with content. Where names the file and line
// ("de/_/entry/asylum.en.md:3") or, for content that did not come from files,
// the item ("item de-asylum").
type Problem struct {
	Where   string
	Message string
	Warning bool // a warning does not stop a pack from being installed
	Ref     Ref  // what Validate found it in; zero for problems found elsewhere
}

func (p Problem) String() string {
	if p.Warning {
		return p.Where + ": warning: " + p.Message
	}
	return p.Where + ": " + p.Message
}

// Errors returns the problems that are not warnings.
func Errors(ps []Problem) []Problem {
	var out []Problem
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// ProblemError carries every error found in a pack, so a refusal can name all
// of them at once rather than only the first.
type ProblemError struct{ Problems []Problem }

func (e *ProblemError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "content has %d error(s):", len(e.Problems))
	for i, p := range e.Problems {
		if i == 10 {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Problems)-i)
			break
		}
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}

var (
	slugPattern    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	countryPattern = regexp.MustCompile(`^[a-z]{2}$`)
	shortCode      = regexp.MustCompile(`^[0-9]{2,6}$`)
	e164           = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
)

// ValidLang reports whether tag is a well-formed BCP 47 tag.
func ValidLang(tag string) bool {
	// x/text also reads "de_DE"; BCP 47 separates subtags with "-" only.
	_, err := language.Parse(tag)
	return err == nil && tag != "" && tag != "und" && !strings.Contains(tag, "_")
}

// ValidNumber reports whether n is a dialable short code ("15", "112",
// "116016") or an E.164 number. Finer checks per country live in
// content/phone; this is the shape the store accepts.
func ValidNumber(n string) bool { return shortCode.MatchString(n) || e164.MatchString(n) }

// Ref points into content for a message: an item or record by id, and where
// known the language of a text, the key, and the line of a body.
type Ref struct {
	ID       string
	Lang     string
	Key      string
	BodyLine int // 1 = first line of the body of the Lang translation
}

// Locator turns a Ref into the place an editor looks ("de/hotlines.toml:12").
type Locator func(Ref) string

// ItemLocator names refs by id alone, for content that came from no files.
func ItemLocator(r Ref) string {
	w := "item " + r.ID
	if r.Lang != "" {
		w += " (" + r.Lang + ")"
	}
	return w
}

// Validate checks a whole pack before it is installed: everything a reader
// would be hurt by (no source, a malformed number or opening hours, a link
// to nothing, a missing title) is an error. where names the origin of each
// problem; nil names items by id.
func (p *Pack) Validate(where Locator) []Problem {
	if where == nil {
		where = ItemLocator
	}
	var ps []Problem
	addAt := func(r Ref, format string, a ...any) {
		ps = append(ps, Problem{Where: where(r), Message: fmt.Sprintf(format, a...), Ref: r})
	}
	add := func(id, format string, a ...any) { addAt(Ref{ID: id}, format, a...) }
	bodies := checkBodies(p.Items)
	countries := map[string]map[string]bool{}
	for _, c := range p.Countries {
		if !countryPattern.MatchString(c.Code) {
			add(c.Code, "country code %q is not two lower-case letters", c.Code)
		}
		if !c.Role.Valid() {
			addAt(Ref{ID: c.Code, Key: "role"}, "role %q must be %q or %q", c.Role, RoleDestination, RoleOrigin)
		}
		if c.Names["en"] == "" {
			addAt(Ref{ID: c.Code, Key: "name"}, "country %s has no English name", c.Code)
		}
		regions := map[string]bool{NationalRegion: true}
		for _, r := range c.Regions {
			if !slugPattern.MatchString(r.Code) {
				add(c.Code, "region code %q must be lower-case letters, digits and -", r.Code)
			}
			regions[r.Code] = true
		}
		countries[c.Code] = regions
	}
	place := func(id, country, region string) {
		regions, ok := countries[country]
		switch {
		case !ok:
			add(id, "country %q is not described in the pack (no %s/country.toml)", country, country)
		case region != "" && !regions[region]:
			add(id, "region %q is not a region of %s: declare it in %s/country.toml", region, country, country)
		}
	}
	seen := map[string]bool{}
	unique := func(id string) {
		if id == "" {
			add(id, "missing id")
			return
		}
		if seen[id] {
			add(id, "duplicate id %q: ids must be unique across the tree", id)
		}
		seen[id] = true
	}
	for _, it := range p.Items {
		seen[it.ID] = false // links may point to any item, wherever it comes
	}
	for _, it := range p.Items {
		unique(it.ID)
		place(it.ID, it.Country, it.Region)
		if !it.Kind.Valid() {
			add(it.ID, "unknown kind %q", it.Kind)
		}
		if !slugPattern.MatchString(it.Slug) {
			add(it.ID, "slug %q must be lower-case letters, digits and -", it.Slug)
		}
		if len(it.Stages) == 0 {
			addAt(Ref{ID: it.ID, Key: "stages"}, "no journey stage")
		}
		for _, s := range it.Stages {
			if !s.Valid() {
				addAt(Ref{ID: it.ID, Key: "stages"}, "unknown stage %q", s)
			}
		}
		for _, m := range checkProvenance(it.Provenance) {
			addAt(Ref{ID: it.ID, Key: m.key}, "%s", m.msg)
		}
		if len(it.Translations) == 0 {
			add(it.ID, "no translation")
		}
		langs := map[string]bool{}
		for _, t := range it.Translations {
			at := Ref{ID: it.ID, Lang: t.Lang}
			if !ValidLang(t.Lang) {
				addAt(at, "language tag %q is not BCP 47", t.Lang)
			}
			if langs[t.Lang] {
				addAt(at, "two translations in %s", t.Lang)
			}
			langs[t.Lang] = true
			if strings.TrimSpace(t.Title) == "" {
				addAt(Ref{ID: it.ID, Lang: t.Lang, Key: "title"}, "%s translation has no title", t.Lang)
			}
			if !t.Status.Valid() {
				addAt(Ref{ID: it.ID, Lang: t.Lang, Key: "status"}, "%s translation: unknown status %q", t.Lang, t.Status)
			}
			issues, links := bodies.next()
			for _, is := range issues {
				addAt(Ref{ID: it.ID, Lang: t.Lang, BodyLine: is.Line}, "%s", is.Msg)
			}
			for _, l := range links {
				if _, ok := seen[l.Item]; l.Item != "" && !ok {
					addAt(Ref{ID: it.ID, Lang: t.Lang, BodyLine: l.Line}, "link to %q: no item has that id", l.Item)
				}
			}
		}
		if !langs[it.OriginalLang] {
			add(it.ID, "the original (%q) is missing", it.OriginalLang)
		}
	}
	for _, h := range p.Hotlines {
		unique(h.ID)
		place(h.ID, h.Country, "")
		if !ValidNumber(h.Number) {
			addAt(Ref{ID: h.ID, Key: "number"}, "number %q is neither a short code nor E.164", h.Number)
		}
		if !h.Purpose.Valid() {
			addAt(Ref{ID: h.ID, Key: "purpose"}, "unknown purpose %q", h.Purpose)
		}
		ps = append(ps, checkRecord(h.ID, h.Hours, h.Languages, h.Provenance, where)...)
		ps = append(ps, checkTexts(h.ID, len(h.Texts), func(i int) (string, string, Status) {
			return h.Texts[i].Lang, h.Texts[i].Label, h.Texts[i].Status
		}, where)...)
	}
	for _, s := range p.Services {
		unique(s.ID)
		place(s.ID, s.Country, s.Region)
		if s.Kind != KindService && s.Kind != KindProgramme {
			addAt(Ref{ID: s.ID, Key: "kind"}, "a service's kind must be service or programme, not %q", s.Kind)
		}
		if s.Phone != "" && !e164.MatchString(s.Phone) {
			addAt(Ref{ID: s.ID, Key: "phone"}, "phone %q is not E.164", s.Phone)
		}
		if s.Website != "" {
			if m := checkURL(s.Website); m != "" {
				addAt(Ref{ID: s.ID, Key: "website"}, "website: %s", m)
			}
		}
		if s.Lat < -90 || s.Lat > 90 {
			addAt(Ref{ID: s.ID, Key: "lat"}, "latitude %v is not between -90 and 90", s.Lat)
		}
		if s.Lon < -180 || s.Lon > 180 {
			addAt(Ref{ID: s.ID, Key: "lon"}, "longitude %v is not between -180 and 180", s.Lon)
		}
		ps = append(ps, checkRecord(s.ID, s.Hours, s.Languages, s.Provenance, where)...)
		ps = append(ps, checkTexts(s.ID, len(s.Texts), func(i int) (string, string, Status) {
			return s.Texts[i].Lang, s.Texts[i].Name, s.Texts[i].Status
		}, where)...)
	}
	for _, ph := range p.Phrases {
		unique(ph.ID)
	}
	p.validatePhrases(addAt)
	p.validateFeedback(addAt)
	for _, c := range p.Checklists {
		unique(c.ID)
		place(c.ID, c.Country, c.Region)
	}
	// A step opens an article or a service, as the app's links do.
	linkable := map[string]bool{}
	for _, it := range p.Items {
		linkable[it.ID] = true
	}
	for _, sv := range p.Services {
		linkable[sv.ID] = true
	}
	p.validateChecklists(addAt, func(id string) bool { return linkable[id] })
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Where < ps[j].Where })
	return ps
}

// Overdue warns of every item and record whose review-by date is before
// today: still shown to readers, with a warning, but the editor must check it.
func (p *Pack) Overdue(today Date, where Locator) []Problem {
	if where == nil {
		where = ItemLocator
	}
	var ps []Problem
	warn := func(id string, pv Provenance) {
		// A review_by before reviewed_on is already an error; one line is enough.
		if !pv.ReviewBy.IsZero() && pv.Overdue(today) && !pv.ReviewBy.Before(pv.ReviewedOn) {
			ps = append(ps, Problem{Where: where(Ref{ID: id, Key: "review_by"}), Warning: true,
				Message: fmt.Sprintf("review_by %s has passed: check the text against its source", pv.ReviewBy)})
		}
	}
	for _, it := range p.Items {
		warn(it.ID, it.Provenance)
	}
	for _, h := range p.Hotlines {
		warn(h.ID, h.Provenance)
	}
	for _, s := range p.Services {
		warn(s.ID, s.Provenance)
	}
	for _, c := range p.Checklists {
		warn(c.ID, c.Provenance)
	}
	return ps
}

// checkRecord checks what hotlines and services share: opening hours in the
// supported subset, languages as BCP 47, and provenance.
func checkRecord(id, hrs string, langs []string, pv Provenance, where Locator) []Problem {
	var ps []Problem
	add := func(key, format string, a ...any) {
		r := Ref{ID: id, Key: key}
		ps = append(ps, Problem{Where: where(r), Message: fmt.Sprintf(format, a...), Ref: r})
	}
	if hrs != "" {
		if _, err := hours.Parse(hrs); err != nil {
			add("hours", "%v", err)
		}
	}
	for _, l := range langs {
		if !ValidLang(l) {
			add("languages", "language tag %q is not BCP 47", l)
		}
	}
	for _, m := range checkProvenance(pv) {
		add(m.key, "%s", m.msg)
	}
	return ps
}

func checkTexts(id string, n int, at func(int) (lang, text string, st Status), where Locator) []Problem {
	var ps []Problem
	hasEnglish := false
	for i := 0; i < n; i++ {
		lang, text, st := at(i)
		add := func(format string, a ...any) {
			ps = append(ps, Problem{Where: where(Ref{ID: id, Lang: lang}), Message: fmt.Sprintf(format, a...)})
		}
		if !ValidLang(lang) {
			add("language tag %q is not BCP 47", lang)
		}
		if strings.TrimSpace(text) == "" {
			add("%s text is empty", lang)
		}
		if !st.Valid() {
			add("%s text: unknown status %q", lang, st)
		}
		hasEnglish = hasEnglish || lang == "en"
	}
	if !hasEnglish {
		ps = append(ps, Problem{Where: where(Ref{ID: id}), Message: "no English text: English is every reader's last fallback"})
	}
	return ps
}

type keyed struct{ key, msg string }

func checkProvenance(p Provenance) []keyed {
	var ms []keyed
	if strings.TrimSpace(p.Publisher) == "" {
		ms = append(ms, keyed{"publisher", "missing publisher"})
	}
	switch {
	case len(p.MoreSources) > 0:
		// Written as `sources = [...]`: each must be an address.
		for _, s := range p.Sources() {
			if m := checkURL(s); m != "" {
				ms = append(ms, keyed{"sources", "source: " + m})
			}
		}
	case p.Source == "":
		ms = append(ms, keyed{"source", "missing source address"})
	default:
		if m := checkURL(p.Source); m != "" {
			ms = append(ms, keyed{"source", "source: " + m})
		}
	}
	if p.ReviewedOn.IsZero() {
		ms = append(ms, keyed{"reviewed_on", "missing reviewed_on date"})
	}
	if p.ReviewBy.IsZero() {
		ms = append(ms, keyed{"review_by", "missing review_by date"})
	}
	if !p.ReviewedOn.IsZero() && !p.ReviewBy.IsZero() && p.ReviewBy.Before(p.ReviewedOn) {
		ms = append(ms, keyed{"review_by", fmt.Sprintf("review_by %s is before reviewed_on %s", p.ReviewBy, p.ReviewedOn)})
	}
	return ms
}

func checkURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Sprintf("%q is not a web address", s)
	}
	return ""
}

// checkedBodies is the Markdown check of every translation's body, in the
// order Validate visits them.
type checkedBodies struct {
	issues [][]markdown.Issue
	links  [][]markdown.Link
	i      int
}

func (c *checkedBodies) next() ([]markdown.Issue, []markdown.Link) {
	c.i++
	return c.issues[c.i-1], c.links[c.i-1]
}

// checkBodies parses the bodies on every core: parsing Markdown is most of
// what validating a large update costs.
func checkBodies(items []Item) *checkedBodies {
	var in []string
	for _, it := range items {
		for _, t := range it.Translations {
			in = append(in, t.Body)
		}
	}
	c := &checkedBodies{issues: make([][]markdown.Issue, len(in)), links: make([][]markdown.Link, len(in))}
	parallel.For(len(in), func(i int) { c.issues[i], c.links[i] = markdown.Check(in[i]) })
	return c
}
