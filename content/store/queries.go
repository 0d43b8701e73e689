package store

import (
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"safar.app/safar/content"
)

// Place is a country or region with its name in the reader's language.
type Place struct {
	Code string
	Name string
}

// Countries lists the pack's countries of one role (destinations readers
// go to, or origins they leave), named and sorted for a reader whose
// language preference is chain.
func (s *Store) Countries(role content.Role, chain []string) ([]Place, error) {
	return s.places(chain, `SELECT c.code, n.lang, n.name FROM country c JOIN name n ON n.ref = c.code
		WHERE c.role = ?`, role)
}

// CountryName is the name of one country for the reader; the code itself if
// the pack does not know it.
func (s *Store) CountryName(code string, chain []string) (string, error) {
	rows, err := s.db.Query(`SELECT ref, lang, name FROM name WHERE ref = ?`, code)
	if err != nil {
		return "", err
	}
	names, err := scanNames(rows)
	if err != nil {
		return "", err
	}
	return pickName(names[code], chain, strings.ToUpper(code)), nil
}

func scanNames(rows *sql.Rows) (map[string]map[string]string, error) {
	defer rows.Close()
	names := map[string]map[string]string{}
	for rows.Next() {
		var ref, lang, name string
		if err := rows.Scan(&ref, &lang, &name); err != nil {
			return nil, err
		}
		if names[ref] == nil {
			names[ref] = map[string]string{}
		}
		names[ref][lang] = name
	}
	return names, rows.Err()
}

func pickName(byLang map[string]string, chain []string, fallback string) string {
	for _, l := range chain {
		if n := byLang[l]; n != "" {
			return n
		}
	}
	if n := byLang["en"]; n != "" {
		return n
	}
	return fallback
}

// sortPlaces orders names the way the reader's language sorts them.
func sortPlaces(ps []Place, chain []string) {
	tag, err := language.Parse(chain[0])
	if err != nil {
		tag = language.English
	}
	c := collate.New(tag)
	sort.Slice(ps, func(i, j int) bool { return c.CompareString(ps[i].Name, ps[j].Name) < 0 })
}

// ItemSummary is what a list shows of an item, in the language picked for
// the reader.
type ItemSummary struct {
	ID      string
	Kind    content.Kind
	Region  string
	Stages  []content.Stage
	Lang    string // the language shown
	Title   string
	Summary string
	Status  content.Status
	// OtherLanguage is true when the item is shown in a language other than
	// the reader's, because no translation exists yet.
	OtherLanguage bool
}

// HasStage reports whether the item concerns stage.
func (it ItemSummary) HasStage(stage content.Stage) bool {
	for _, s := range it.Stages {
		if s == stage {
			return true
		}
	}
	return false
}

// Items lists a country's items of the given kinds, national and regional.
// Items for the reader's journey stage come first, then by title.
func (s *Store) Items(country string, kinds []content.Kind, stage content.Stage, chain []string) ([]ItemSummary, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	args := []any{country}
	for _, k := range kinds {
		args = append(args, string(k))
	}
	rows, err := s.db.Query(`SELECT id FROM item WHERE country = ? AND kind IN (?`+
		strings.Repeat(", ?", len(kinds)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	ids, err := scanStrings(rows)
	if err != nil {
		return nil, err
	}
	byID, err := s.summaries(ids, chain)
	if err != nil {
		return nil, err
	}
	out := make([]ItemSummary, 0, len(ids))
	for _, id := range ids {
		out = append(out, byID[id])
	}
	sort.SliceStable(out, func(i, j int) bool {
		si, sj := out[i].HasStage(stage), out[j].HasStage(stage)
		if si != sj {
			return si
		}
		return out[i].Title < out[j].Title
	})
	return out, nil
}

// KindCounts counts a country's items per kind, for the home screen.
func (s *Store) KindCounts(country string) (map[content.Kind]int, error) {
	rows, err := s.db.Query(`SELECT kind, count(*) FROM item WHERE country = ? GROUP BY kind`, country)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[content.Kind]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[content.Kind(k)] = n
	}
	return out, rows.Err()
}

// summaries loads the items with ids and picks each one's language.
func (s *Store) summaries(ids []string, chain []string) (map[string]ItemSummary, error) {
	out := make(map[string]ItemSummary, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	in := `(?` + strings.Repeat(", ?", len(ids)-1) + `)`
	// Only the languages Pick may choose: the reader's chain and the original.
	langIn := `(?` + strings.Repeat(", ?", len(chain)-1) + `)`
	for _, l := range chain {
		args = append(args, l)
	}
	rows, err := s.db.Query(`SELECT i.id, i.kind, i.region, i.stages, i.original_lang,
			t.lang, t.title, t.summary, t.status
		FROM item i JOIN translation t ON t.item_id = i.id
		WHERE i.id IN `+in+` AND (t.lang IN `+langIn+` OR t.lang = i.original_lang)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type cand struct {
		base     ItemSummary
		original string
		byLang   map[string]ItemSummary
		langs    []string
	}
	cands := map[string]*cand{}
	for rows.Next() {
		var it ItemSummary
		var kind, stages, original, status string
		if err := rows.Scan(&it.ID, &kind, &it.Region, &stages, &original,
			&it.Lang, &it.Title, &it.Summary, &status); err != nil {
			return nil, err
		}
		it.Kind, it.Status = content.Kind(kind), content.Status(status)
		for _, st := range splitList(stages) {
			it.Stages = append(it.Stages, content.Stage(st))
		}
		c := cands[it.ID]
		if c == nil {
			c = &cand{original: original, byLang: map[string]ItemSummary{}}
			cands[it.ID] = c
		}
		c.byLang[it.Lang] = it
		c.langs = append(c.langs, it.Lang)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for id, c := range cands {
		it := c.byLang[content.Pick(c.langs, chain, c.original)]
		it.OtherLanguage = !content.SameLanguage(it.Lang, chain[0])
		out[id] = it
	}
	return out, nil
}

// Article is one item ready to read.
type Article struct {
	ItemSummary
	Body         string
	Provenance   content.Provenance
	OriginalLang string
	Languages    []string // every language the item is available in
}

// ErrNotFound means no item has the id asked for.
var ErrNotFound = errors.New("not found")

// Article loads item id in the language picked for the reader.
func (s *Store) Article(id string, chain []string) (Article, error) {
	sums, err := s.summaries([]string{id}, chain)
	if err != nil {
		return Article{}, err
	}
	sum, ok := sums[id]
	if !ok {
		return Article{}, fmt.Errorf("item %q: %w", id, ErrNotFound)
	}
	a := Article{ItemSummary: sum}
	var more, reviewed, reviewBy string
	err = s.db.QueryRow(`SELECT i.original_lang, i.publisher, i.source, i.more_sources, i.reviewed_on, i.review_by, t.body
		FROM item i JOIN translation t ON t.item_id = i.id WHERE i.id = ? AND t.lang = ?`, id, sum.Lang).
		Scan(&a.OriginalLang, &a.Provenance.Publisher, &a.Provenance.Source, &more, &reviewed, &reviewBy, &a.Body)
	if err != nil {
		return Article{}, fmt.Errorf("item %q: %w", id, err)
	}
	a.Provenance.MoreSources = splitSources(more)
	if a.Provenance.ReviewedOn, err = content.ParseDate(reviewed); err != nil {
		return Article{}, fmt.Errorf("item %q reviewed_on: %w", id, err)
	}
	if a.Provenance.ReviewBy, err = content.ParseDate(reviewBy); err != nil {
		return Article{}, fmt.Errorf("item %q review_by: %w", id, err)
	}
	rows, err := s.db.Query(`SELECT lang FROM translation WHERE item_id = ? ORDER BY lang`, id)
	if err != nil {
		return Article{}, err
	}
	a.Languages, err = scanStrings(rows)
	return a, err
}

// Hotline is a number to call, with its label in the reader's language.
type Hotline struct {
	ID         string
	Number     string
	Purpose    content.Purpose
	Hours      string
	Languages  []string
	Lang       string
	Label      string
	Note       string
	Status     content.Status
	Provenance content.Provenance
}

// Hotlines lists a country's numbers, life-threatening purposes first.
func (s *Store) Hotlines(country string, chain []string) ([]Hotline, error) {
	rows, err := s.db.Query(`SELECT h.id, h.number, h.purpose, h.hours, h.languages,
			h.publisher, h.source, h.more_sources, h.reviewed_on, h.review_by,
			t.lang, t.label, t.note, t.status
		FROM hotline h JOIN hotline_text t ON t.hotline_id = h.id
		WHERE h.country = ? ORDER BY h.id`, country)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var texts translated[Hotline]
	for rows.Next() {
		var h Hotline
		var purpose, langs, more, reviewed, reviewBy, status string
		if err := rows.Scan(&h.ID, &h.Number, &purpose, &h.Hours, &langs,
			&h.Provenance.Publisher, &h.Provenance.Source, &more, &reviewed, &reviewBy,
			&h.Lang, &h.Label, &h.Note, &status); err != nil {
			return nil, err
		}
		h.Provenance.MoreSources = splitSources(more)
		h.Purpose, h.Status, h.Languages = content.Purpose(purpose), content.Status(status), splitList(langs)
		h.Provenance.ReviewedOn, _ = content.ParseDate(reviewed) // validated on install
		h.Provenance.ReviewBy, _ = content.ParseDate(reviewBy)
		texts.add(h.ID, h.Lang, h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := texts.pick(chain)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Purpose.Rank() < out[j].Purpose.Rank() })
	return out, nil
}

// Service is an office or organisation, with its texts in the reader's language.
type Service struct {
	ID          string
	Region      string
	Kind        content.Kind
	Phone       string
	Website     string
	Address     string
	Hours       string
	Languages   []string
	Lang        string
	Name        string
	Description string
	Status      content.Status
	Provenance  content.Provenance
}

// Services lists a country's services of the given kinds, by name.
func (s *Store) Services(country string, kinds []content.Kind, chain []string) ([]Service, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	args := []any{country}
	for _, k := range kinds {
		args = append(args, string(k))
	}
	rows, err := s.db.Query(`SELECT v.id, v.region, v.kind, v.phone, v.website, v.address, v.hours,
			v.languages, v.publisher, v.source, v.more_sources, v.reviewed_on, v.review_by,
			t.lang, t.name, t.description, t.status
		FROM service v JOIN service_text t ON t.service_id = v.id
		WHERE v.country = ? AND v.kind IN (?`+strings.Repeat(", ?", len(kinds)-1)+`) ORDER BY v.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var texts translated[Service]
	for rows.Next() {
		var v Service
		var kind, langs, more, reviewed, reviewBy, status string
		if err := rows.Scan(&v.ID, &v.Region, &kind, &v.Phone, &v.Website, &v.Address, &v.Hours,
			&langs, &v.Provenance.Publisher, &v.Provenance.Source, &more, &reviewed, &reviewBy,
			&v.Lang, &v.Name, &v.Description, &status); err != nil {
			return nil, err
		}
		v.Provenance.MoreSources = splitSources(more)
		v.Kind, v.Status, v.Languages = content.Kind(kind), content.Status(status), splitList(langs)
		v.Provenance.ReviewedOn, _ = content.ParseDate(reviewed)
		v.Provenance.ReviewBy, _ = content.ParseDate(reviewBy)
		texts.add(v.ID, v.Lang, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := texts.pick(chain)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// translated gathers one row per record and language, in the order the
// records first appear, and picks each record's text for the reader.
type translated[T any] struct {
	order  []string
	byLang map[string]map[string]T
}

func (t *translated[T]) add(id, lang string, v T) {
	if t.byLang == nil {
		t.byLang = map[string]map[string]T{}
	}
	if t.byLang[id] == nil {
		t.byLang[id] = map[string]T{}
		t.order = append(t.order, id)
	}
	t.byLang[id][lang] = v
}

// pick chooses each record's language from chain; English is always there
// (the validator insists on it).
func (t *translated[T]) pick(chain []string) []T {
	out := make([]T, 0, len(t.order))
	for _, id := range t.order {
		langs := make([]string, 0, len(t.byLang[id]))
		for l := range t.byLang[id] {
			langs = append(langs, l)
		}
		sort.Strings(langs)
		out = append(out, t.byLang[id][content.Pick(langs, chain, "en")])
	}
	return out
}

func scanStrings(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
