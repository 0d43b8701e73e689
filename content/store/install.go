package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"safar.app/safar/content"
	"safar.app/safar/content/fold"
	"safar.app/safar/internal/parallel"
)

// PackInfo describes the installed pack.
type PackInfo struct {
	Origin      string // "embedded", or the feed it came from
	Sequence    int64  // the publisher's release number; 0 for the embedded pack
	Hash        string // hash of the pack's source, to notice a changed embedded pack
	InstalledAt time.Time
	// Feed is the sync client's record of what each publisher last
	// delivered (sequence numbers, indexes), kept in the same transaction
	// as the content it describes.
	Feed string
}

// Install verifies p completely, then makes the content equal to it in one
// transaction, rewriting only the units that changed: a reader sees the old
// content or the new, never a mix. If p has any error, nothing is written
// and the error lists every problem.
func (s *Store) Install(p *content.Pack, info PackInfo) error {
	if errs := content.Errors(p.Validate(nil)); len(errs) > 0 {
		return &content.ProblemError{Problems: errs}
	}
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op after Commit
	if err := replace(tx, p, info); err != nil {
		return fmt.Errorf("install into %s: %w", s.path, err)
	}
	return tx.Commit()
}

// indexVersion is part of every unit's digest. Bump it when fold.Fold or
// the rows a unit writes change, so that the next install rewrites all.
const indexVersion = 1

// A unit is what Install writes or removes as a whole: a country with its
// names and regions, an item with its translations and their index rows, a
// hotline, a service, a phrase category or a phrase, each with its texts.
// content.db records each unit's digest, so an install rewrites only the
// units that changed: a one-article update touches one item, not the pack.
type unit struct {
	kind, id string
	digest   string
	texts    []string // what the unit indexes for search, folded before writing
	write    func(w *writer, folded []string)
}

func replace(tx *sql.Tx, p *content.Pack, info PackInfo) error {
	units := unitsOf(p)
	old, err := readDigests(tx)
	if err != nil {
		return err
	}
	if len(old) == 0 {
		// No digests: a new database, or one from before they were kept.
		// Whatever it holds is replaced.
		if err := clear(tx); err != nil {
			return err
		}
	}
	w := &writer{inserter: inserter{tx: tx, stmts: map[string]*sql.Stmt{}}}
	defer w.close()
	current := map[unitKey]string{}
	var changed []*unit
	for _, u := range units {
		current[u.key()] = u.digest
		if old[u.key()] != u.digest {
			changed = append(changed, u)
		}
	}
	for k, d := range old {
		if current[k] != d {
			w.remove(k)
		}
	}
	if err := tx.QueryRow(`SELECT coalesce(max(id), 0) FROM translation`).Scan(&w.translationID); err != nil {
		return err
	}
	folded := make([][]string, len(changed))
	parallel.For(len(changed), func(i int) {
		folded[i] = make([]string, len(changed[i].texts))
		for j, t := range changed[i].texts {
			folded[i][j] = fold.Fold(t)
		}
	})
	for i, u := range changed {
		u.write(w, folded[i])
		w.exec(`INSERT OR REPLACE INTO unit (kind, id, digest) VALUES (?, ?, ?)`, u.kind, u.id, u.digest)
	}
	if w.err != nil {
		return w.err
	}
	if info.InstalledAt.IsZero() {
		info.InstalledAt = time.Now()
	}
	for k, v := range map[string]string{
		"origin":       info.Origin,
		"sequence":     strconv.FormatInt(info.Sequence, 10),
		"hash":         info.Hash,
		"installed_at": info.InstalledAt.UTC().Format(time.RFC3339),
		"feed":         info.Feed,
	} {
		if _, err := tx.Exec(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`, k, v); err != nil {
			return err
		}
	}
	return nil
}

type unitKey struct{ kind, id string }

func (u *unit) key() unitKey { return unitKey{u.kind, u.id} }

func readDigests(tx *sql.Tx) (map[unitKey]string, error) {
	rows, err := tx.Query(`SELECT kind, id, digest FROM unit`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[unitKey]string{}
	for rows.Next() {
		var k unitKey
		var d string
		if err := rows.Scan(&k.kind, &k.id, &d); err != nil {
			return nil, err
		}
		out[k] = d
	}
	return out, rows.Err()
}

// clear empties every content table.
func clear(tx *sql.Tx) error {
	for _, t := range append(contentTables, "unit") {
		if _, err := tx.Exec(`DELETE FROM ` + t); err != nil {
			return err
		}
	}
	_, err := tx.Exec(`DELETE FROM translation_fts`)
	return err
}

// writer writes and removes units inside the install's transaction.
type writer struct {
	inserter
	translationID int64 // the last translation row id used
}

// removals are the statements that take a unit's rows out, children first.
var removals = map[string][]string{
	"country": {`DELETE FROM name WHERE ref = ?1 OR ref LIKE ?1 || '/%'`,
		`DELETE FROM region WHERE country = ?1`, `DELETE FROM country WHERE code = ?1`},
	"item": {`DELETE FROM translation_fts WHERE rowid IN (SELECT id FROM translation WHERE item_id = ?1)`,
		`DELETE FROM translation WHERE item_id = ?1`, `DELETE FROM item WHERE id = ?1`},
	"hotline":  {`DELETE FROM hotline_text WHERE hotline_id = ?1`, `DELETE FROM hotline WHERE id = ?1`},
	"service":  {`DELETE FROM service_text WHERE service_id = ?1`, `DELETE FROM service WHERE id = ?1`},
	"category": {`DELETE FROM phrase_category_name WHERE category = ?1`, `DELETE FROM phrase_category WHERE id = ?1`},
	"phrase":   {`DELETE FROM phrase_text WHERE phrase_id = ?1`, `DELETE FROM phrase WHERE id = ?1`},
	"corridor": {`DELETE FROM corridor WHERE id = ?1`},
}

func (w *writer) remove(k unitKey) {
	for _, q := range removals[k.kind] {
		w.exec(q, k.id)
	}
	w.exec(`DELETE FROM unit WHERE kind = ? AND id = ?`, k.kind, k.id)
}

// unitsOf splits p into units and computes their digests on every core.
func unitsOf(p *content.Pack) []*unit {
	var us []*unit
	var values []any
	add := func(kind, id string, v any, texts []string, write func(*writer, []string)) {
		us = append(us, &unit{kind: kind, id: id, texts: texts, write: write})
		values = append(values, v)
	}
	for _, c := range p.Countries {
		add("country", c.Code, c, nil, func(w *writer, _ []string) { w.country(c) })
	}
	for _, it := range p.Items {
		var texts []string
		for _, t := range it.Translations {
			texts = append(texts, t.Title, t.Summary, t.Body)
		}
		add("item", it.ID, it, texts, func(w *writer, f []string) { w.item(it, f) })
	}
	for _, h := range p.Hotlines {
		add("hotline", h.ID, h, nil, func(w *writer, _ []string) { w.hotline(h) })
	}
	for _, sv := range p.Services {
		add("service", sv.ID, sv, nil, func(w *writer, _ []string) { w.service(sv) })
	}
	for _, c := range p.PhraseCategories {
		add("category", c.ID, c, nil, func(w *writer, _ []string) { w.category(c) })
	}
	for _, ph := range p.Phrases {
		var texts []string
		for _, t := range ph.Texts {
			texts = append(texts, phraseSearchText(ph, t))
		}
		add("phrase", ph.ID, ph, texts, func(w *writer, f []string) { w.phrase(ph, f) })
	}
	for _, c := range p.Corridors {
		add("corridor", c.ID, c, nil, func(w *writer, _ []string) { w.corridor(c) })
	}
	parallel.For(len(us), func(i int) { us[i].digest = digest(us[i].kind, values[i]) })
	return us
}

// digest identifies a unit's content. JSON writes map keys in order, so
// equal content gives equal digests.
func digest(kind string, v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		// Content types are plain data; this cannot happen. An empty
		// digest never matches, so the unit is simply rewritten.
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d %s\n", indexVersion, kind)
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

func (w *writer) country(c content.Country) {
	role := c.Role
	if role == "" {
		role = content.RoleDestination
	}
	w.exec(`INSERT INTO country (code, role) VALUES (?, ?)`, c.Code, role)
	for lang, n := range c.Names {
		w.exec(`INSERT INTO name (ref, lang, name) VALUES (?, ?, ?)`, c.Code, lang, n)
	}
	for _, r := range c.Regions {
		w.exec(`INSERT INTO region (country, code) VALUES (?, ?)`, c.Code, r.Code)
		for lang, n := range r.Names {
			w.exec(`INSERT INTO name (ref, lang, name) VALUES (?, ?, ?)`, c.Code+"/"+r.Code, lang, n)
		}
	}
}

// item writes an item, its translations and their search rows; folded is
// each translation's title, summary and body, folded.
func (w *writer) item(it content.Item, folded []string) {
	stages := make([]string, len(it.Stages))
	for i, st := range it.Stages {
		stages[i] = string(st)
	}
	pv := it.Provenance
	w.exec(`INSERT INTO item (id, country, region, kind, slug, stages, original_lang,
		publisher, source, reviewed_on, review_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		it.ID, it.Country, it.Region, string(it.Kind), it.Slug, strings.Join(stages, " "),
		it.OriginalLang, pv.Publisher, pv.Source, pv.ReviewedOn.String(), pv.ReviewBy.String())
	scope := "cc" + it.Country
	for i, t := range it.Translations {
		w.translationID++
		w.exec(`INSERT INTO translation (id, item_id, lang, title, summary, body, status)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, w.translationID, it.ID, t.Lang, t.Title, t.Summary, t.Body, string(t.Status))
		w.exec(insertSearchRow, w.translationID, folded[3*i], folded[3*i+1], folded[3*i+2], scope)
	}
}

// insertSearchRow indexes a translation's folded title, summary and body
// under its row id, with its country's scope token ("ccde").
const insertSearchRow = `INSERT INTO translation_fts (rowid, title, summary, body, scope) VALUES (?, ?, ?, ?, ?)`

func (w *writer) hotline(h content.Hotline) {
	pv := h.Provenance
	w.exec(`INSERT INTO hotline (id, country, number, purpose, hours, languages,
		publisher, source, reviewed_on, review_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		h.ID, h.Country, h.Number, string(h.Purpose), h.Hours, strings.Join(h.Languages, " "),
		pv.Publisher, pv.Source, pv.ReviewedOn.String(), pv.ReviewBy.String())
	for _, t := range h.Texts {
		w.exec(`INSERT INTO hotline_text (hotline_id, lang, label, note, status) VALUES (?, ?, ?, ?, ?)`,
			h.ID, t.Lang, t.Label, t.Note, string(t.Status))
	}
}

func (w *writer) service(sv content.Service) {
	pv := sv.Provenance
	w.exec(`INSERT INTO service (id, country, region, kind, phone, website, address, hours,
		languages, lat, lon, publisher, source, reviewed_on, review_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sv.ID, sv.Country, sv.Region, string(sv.Kind), sv.Phone, sv.Website, sv.Address, sv.Hours,
		strings.Join(sv.Languages, " "), sv.Lat, sv.Lon,
		pv.Publisher, pv.Source, pv.ReviewedOn.String(), pv.ReviewBy.String())
	for _, t := range sv.Texts {
		w.exec(`INSERT INTO service_text (service_id, lang, name, description, status) VALUES (?, ?, ?, ?, ?)`,
			sv.ID, t.Lang, t.Name, t.Description, string(t.Status))
	}
}

func (w *writer) category(c content.PhraseCategory) {
	pv := c.Provenance
	w.exec(`INSERT INTO phrase_category (id, ord, publisher, source, reviewed_on, review_by)
		VALUES (?, ?, ?, ?, ?, ?)`, c.ID, c.Order, pv.Publisher, pv.Source, pv.ReviewedOn.String(), pv.ReviewBy.String())
	for lang, name := range c.Names {
		w.exec(`INSERT INTO phrase_category_name (category, lang, name) VALUES (?, ?, ?)`, c.ID, lang, name)
	}
}

// phrase writes a phrase and its texts; folded is each text's search text.
func (w *writer) phrase(ph content.Phrase, folded []string) {
	w.exec(`INSERT INTO phrase (id, category, ord, answer, options) VALUES (?, ?, ?, ?, ?)`,
		ph.ID, ph.Category, ph.Order, string(ph.Answer), strings.Join(ph.Options, " "))
	for i, t := range ph.Texts {
		opts := make([]string, len(ph.Options))
		for j, o := range ph.Options {
			opts[j] = t.Options[o]
		}
		w.exec(`INSERT INTO phrase_text (phrase_id, lang, text, status, options, folded) VALUES (?, ?, ?, ?, ?, ?)`,
			ph.ID, t.Lang, t.Text, string(t.Status), strings.Join(opts, "\n"), folded[i])
	}
}

// phraseSearchText is what phrase search matches: the text and its options.
func phraseSearchText(ph content.Phrase, t content.PhraseText) string {
	opts := make([]string, len(ph.Options))
	for i, o := range ph.Options {
		opts[i] = t.Options[o]
	}
	return t.Text + "\n" + strings.Join(opts, "\n")
}

// inserter prepares each statement once and keeps the first error, so the
// long install sequence reads as a list of rows rather than error checks.
type inserter struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	err   error
}

func (in *inserter) exec(query string, args ...any) {
	if in.err != nil {
		return
	}
	st, ok := in.stmts[query]
	if !ok {
		st, in.err = in.tx.Prepare(query)
		if in.err != nil {
			return
		}
		in.stmts[query] = st
	}
	if _, err := st.Exec(args...); err != nil {
		in.err = fmt.Errorf("%w (row %v)", err, args[0])
	}
}

func (in *inserter) close() {
	for _, st := range in.stmts {
		st.Close()
	}
}

// Installed describes the installed pack, or returns ErrNoContent.
func (s *Store) Installed() (PackInfo, error) {
	rows, err := s.db.Query(`SELECT key, value FROM meta`)
	if err != nil {
		return PackInfo{}, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return PackInfo{}, err
		}
		m[k] = v
	}
	if err := rows.Err(); err != nil {
		return PackInfo{}, err
	}
	if m["installed_at"] == "" {
		return PackInfo{}, ErrNoContent
	}
	info := PackInfo{Origin: m["origin"], Hash: m["hash"], Feed: m["feed"]}
	var perr error
	info.Sequence, perr = strconv.ParseInt(m["sequence"], 10, 64)
	if t, err := time.Parse(time.RFC3339, m["installed_at"]); err == nil {
		info.InstalledAt = t
	} else {
		perr = errors.Join(perr, err)
	}
	if perr != nil {
		return info, fmt.Errorf("damaged pack record: %w", perr)
	}
	return info, nil
}
