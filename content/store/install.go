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
	"safar.app/safar/content/release"
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
	// as the content it describes; nil for the embedded pack.
	Feed release.Set
}

// Install verifies p completely, then makes the content equal to it in one
// transaction, rewriting only the units that changed: a reader sees the old
// content or the new, never a mix. If p has any error, nothing is written
// and the error lists every problem.
func (s *Store) Install(p *content.Pack, info PackInfo) error {
	// The pack is checked while replace folds and indexes it, which only
	// reads; replace writes nothing before the check has passed.
	checked := make(chan error, 1)
	var invalid error // what the check found, set before it is sent
	go func() {
		if errs := content.Errors(p.Validate(nil)); len(errs) > 0 {
			invalid = &content.ProblemError{Problems: errs}
		}
		checked <- invalid
	}()
	tx, err := s.db.Begin()
	if err != nil {
		if <-checked != nil {
			return invalid
		}
		return err
	}
	defer tx.Rollback() // a no-op after Commit
	if err := replace(tx, p, info, checked); err != nil {
		if err == invalid {
			return err // the pack's own problems, as they were always reported
		}
		return fmt.Errorf("install into %s: %w", s.path, err)
	}
	defer s.dropVocabulary()
	return tx.Commit()
}

// indexVersion is part of every unit's digest. Bump it when fold.Fold or
// the rows a unit writes change, so that the next install rewrites all.
const indexVersion = 3

// A unit is what Install writes or removes as a whole: a country with its
// names and regions, an item with its translations and their index rows, a
// hotline, a service, a phrase category or a phrase, each with its texts.
// content.db records each unit's digest, so an install rewrites only the
// units that changed: a one-article update touches one item, not the pack.
type unit struct {
	kind, id string
	digest   string
	docs     []searchDoc // what the unit indexes for search
	write    func(w *writer)
}

// replace makes the content of tx equal to p. checked delivers the result
// of checking p, which runs meanwhile: replace reads and folds until then,
// and writes only once p has passed (an error from checked is returned as
// it is, and nothing is written).
func replace(tx *sql.Tx, p *content.Pack, info PackInfo, checked <-chan error) (err error) {
	waited, checkErr := false, error(nil)
	wait := func() error {
		if !waited {
			waited, checkErr = true, <-checked
		}
		return checkErr
	}
	defer func() {
		// An early error waits for the check too, and a pack with
		// problems is reported as such, whatever else went wrong.
		if cerr := wait(); cerr != nil {
			err = cerr
		}
	}()
	concepts := newConceptMatcher(p.Synonyms)
	units := unitsOf(p, concepts.hash)
	old, err := readDigests(tx)
	if err != nil {
		return err
	}
	current := map[unitKey]string{}
	var changed []*unit
	for _, u := range units {
		current[u.key()] = u.digest
		if old[u.key()] != u.digest {
			changed = append(changed, u)
		}
	}
	// Folding and stemming is most of an install's work: on every core,
	// while the pack is checked.
	rows := make([][]textRow, len(changed))
	folder := fold.NewFolder()
	parallel.For(len(changed), func(i int) {
		rows[i] = make([]textRow, len(changed[i].docs))
		for j, d := range changed[i].docs {
			rows[i][j] = index(d, concepts, folder)
		}
	})
	if err := wait(); err != nil {
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
	// What a reader will see change, read before anything is written.
	// The first install into an empty database changes nothing for them.
	var changes []ItemChange
	if len(old) > 0 {
		candidates := map[unitKey]bool{}
		for _, u := range changed {
			candidates[u.key()] = true
		}
		for k, d := range old {
			if current[k] != d {
				candidates[k] = true
			}
		}
		if changes, err = diff(tx, p, candidates); err != nil {
			return err
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
	// Every text is numbered first (numbers depend only on the search rows
	// left after the removals), so that its keys are gathered into lists
	// on another core while the units' rows are written.
	for i, u := range changed {
		w.search(u.docs, rows[i])
	}
	if w.err != nil {
		return w.err
	}
	gathered := make(chan collected, 1)
	go func() { gathered <- collectPostings(w.pending) }()
	for i, u := range changed {
		w.rows = rows[i]
		u.write(w)
		w.exec(`INSERT OR REPLACE INTO unit (kind, id, digest) VALUES (?, ?, ?)`, u.kind, u.id, u.digest)
	}
	w.writeSearch(<-gathered)
	if w.err != nil {
		return w.err
	}
	if info.InstalledAt.IsZero() {
		info.InstalledAt = time.Now()
	}
	// The record is stored as JSON here and read back in Installed: the
	// one place it changes form.
	record := ""
	if info.Feed != nil {
		data, err := json.Marshal(info.Feed)
		if err != nil {
			return fmt.Errorf("the feed record: %w", err)
		}
		record = string(data)
	}
	for k, v := range map[string]string{
		"origin":       info.Origin,
		"sequence":     strconv.FormatInt(info.Sequence, 10),
		"hash":         info.Hash,
		"installed_at": info.InstalledAt.UTC().Format(time.RFC3339),
		"feed":         record,
	} {
		if _, err := tx.Exec(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`, k, v); err != nil {
			return err
		}
	}
	return recordChanges(tx, ChangeSet{InstalledAt: info.InstalledAt.UTC().Truncate(time.Second), Origin: info.Origin,
		Sequence: info.Sequence, Changes: changes})
}

// passed is the check of a pack that needs none.
func passed() <-chan error {
	c := make(chan error, 1)
	c <- nil
	return c
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
	_, err := tx.Exec(`DELETE FROM search_term`)
	return err
}

// writer writes and removes units inside the install's transaction.
type writer struct {
	inserter
	translationID int64  // the last translation row id used
	ids           docIDs // numbers search rows
	pending       []pendingDoc
	rows          []textRow // the index rows of the unit being written
	// removedDocs are the search rows removed by this install, and
	// removedTerms the term ids of their lists (see removeDocs).
	removedDocs, removedTerms map[int64]bool
}

// removals are the statements that take a unit's rows out, children first.
var removals = map[string][]string{
	"country": append(removeSearch(TypePlace, `(ref = ?1 OR ref LIKE ?1 || '/%')`),
		`DELETE FROM name WHERE ref = ?1 OR ref LIKE ?1 || '/%'`,
		`DELETE FROM region WHERE country = ?1`, `DELETE FROM country WHERE code = ?1`),
	"item": append(removeSearch(TypeItem, `ref = ?1`),
		`DELETE FROM translation WHERE item_id = ?1`, `DELETE FROM story_consent WHERE item_id = ?1`, `DELETE FROM item WHERE id = ?1`),
	"hotline": append(removeSearch(TypeHotline, `ref = ?1`),
		`DELETE FROM hotline_text WHERE hotline_id = ?1`, `DELETE FROM hotline WHERE id = ?1`),
	"service": append(removeSearch(TypeService, `ref = ?1`),
		`DELETE FROM service_text WHERE service_id = ?1`, `DELETE FROM service WHERE id = ?1`),
	"category": {`DELETE FROM phrase_category_name WHERE category = ?1`, `DELETE FROM phrase_category WHERE id = ?1`},
	"phrase": append(removeSearch(TypePhrase, `ref = ?1`),
		`DELETE FROM phrase_text WHERE phrase_id = ?1`, `DELETE FROM phrase WHERE id = ?1`),
	"synonyms":  {`DELETE FROM synonym WHERE ?1 = ?1`},
	"corridor":  {`DELETE FROM corridor WHERE id = ?1`},
	"channel":   {`DELETE FROM feedback_channel WHERE folder = ?1`},
	"checklist": {`DELETE FROM checklist WHERE id = ?1`},
}

func (w *writer) remove(k unitKey) {
	for _, q := range removals[k.kind] {
		if strings.HasPrefix(q, "SELECT") {
			w.removeDocs(q, k.id)
			continue
		}
		w.exec(q, k.id)
	}
	w.exec(`DELETE FROM unit WHERE kind = ? AND id = ?`, k.kind, k.id)
}

// unitsOf splits p into units and computes their digests on every core.
// synonyms identifies the synonyms: a text is indexed with the concepts it
// names, so when they change every unit with texts is indexed again.
func unitsOf(p *content.Pack, synonyms string) []*unit {
	var us []*unit
	var values []any
	add := func(kind, id string, v any, docs []searchDoc, write func(*writer)) {
		us = append(us, &unit{kind: kind, id: id, docs: docs, write: write})
		values = append(values, v)
	}
	for _, c := range p.Countries {
		add("country", c.Code, c, placeDocs(c), func(w *writer) { w.country(c) })
	}
	for _, it := range p.Items {
		add("item", it.ID, it, itemDocs(it), func(w *writer) { w.item(it) })
	}
	for _, h := range p.Hotlines {
		add("hotline", h.ID, h, hotlineDocs(h), func(w *writer) { w.hotline(h) })
	}
	for _, sv := range p.Services {
		add("service", sv.ID, sv, serviceDocs(sv), func(w *writer) { w.service(sv) })
	}
	for _, c := range p.PhraseCategories {
		add("category", c.ID, c, nil, func(w *writer) { w.category(c) })
	}
	for _, ph := range p.Phrases {
		add("phrase", ph.ID, ph, phraseDocs(ph), func(w *writer) { w.phrase(ph) })
	}
	for _, c := range p.Corridors {
		add("corridor", c.ID, c, nil, func(w *writer) { w.corridor(c) })
	}
	for _, c := range p.Channels {
		add("channel", c.Folder, c, nil, func(w *writer) { w.channel(c) })
	}
	for _, c := range p.Checklists {
		add("checklist", c.ID, c, nil, func(w *writer) { w.checklist(c) })
	}
	if len(p.Synonyms) > 0 {
		add("synonyms", "all", p.Synonyms, nil, func(w *writer) { w.synonyms(p.Synonyms) })
	}
	parallel.For(len(us), func(i int) {
		kind := us[i].kind
		if len(us[i].docs) > 0 {
			kind += " " + synonyms
		}
		us[i].digest = digest(kind, values[i])
	})
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

// item writes an item and its translations.
func (w *writer) item(it content.Item) {
	stages := make([]string, len(it.Stages))
	for i, st := range it.Stages {
		stages[i] = string(st)
	}
	pv := it.Provenance
	w.exec(`INSERT INTO item (id, country, region, kind, slug, stages, original_lang,
		publisher, source, more_sources, reviewed_on, review_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		it.ID, it.Country, it.Region, string(it.Kind), it.Slug, strings.Join(stages, " "),
		it.OriginalLang, pv.Publisher, pv.Source, moreSources(pv), pv.ReviewedOn.String(), pv.ReviewBy.String())
	if it.Consent != "" {
		w.exec(`INSERT INTO story_consent (item_id, consent) VALUES (?, ?)`, it.ID, it.Consent)
	}
	for _, t := range it.Translations {
		w.translationID++
		w.exec(`INSERT INTO translation (id, item_id, lang, title, summary, body, status, terms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, w.translationID, it.ID, t.Lang, t.Title, t.Summary, t.Body,
			string(t.Status), strings.Join(t.Terms, "\n"))
	}
}

// moreSources is the more_sources column: the sources after the first,
// space-separated.
func moreSources(pv content.Provenance) string { return strings.Join(pv.MoreSources, " ") }

// synonyms writes the shared search concepts.
func (w *writer) synonyms(cs []content.Concept) {
	for _, c := range cs {
		for lang, terms := range c.Terms {
			for _, t := range terms {
				w.exec(`INSERT INTO synonym (concept, lang, term) VALUES (?, ?, ?)`, c.ID, lang, t)
			}
		}
	}
}

func (w *writer) hotline(h content.Hotline) {
	pv := h.Provenance
	w.exec(`INSERT INTO hotline (id, country, number, purpose, hours, languages,
		publisher, source, more_sources, reviewed_on, review_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		h.ID, h.Country, h.Number, string(h.Purpose), h.Hours, strings.Join(h.Languages, " "),
		pv.Publisher, pv.Source, moreSources(pv), pv.ReviewedOn.String(), pv.ReviewBy.String())
	for _, t := range h.Texts {
		w.exec(`INSERT INTO hotline_text (hotline_id, lang, label, note, status) VALUES (?, ?, ?, ?, ?)`,
			h.ID, t.Lang, t.Label, t.Note, string(t.Status))
	}
}

func (w *writer) service(sv content.Service) {
	pv := sv.Provenance
	w.exec(`INSERT INTO service (id, country, region, kind, phone, website, address, hours,
		languages, lat, lon, publisher, source, more_sources, reviewed_on, review_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sv.ID, sv.Country, sv.Region, string(sv.Kind), sv.Phone, sv.Website, sv.Address, sv.Hours,
		strings.Join(sv.Languages, " "), sv.Lat, sv.Lon,
		pv.Publisher, pv.Source, moreSources(pv), pv.ReviewedOn.String(), pv.ReviewBy.String())
	for _, t := range sv.Texts {
		w.exec(`INSERT INTO service_text (service_id, lang, name, description, status) VALUES (?, ?, ?, ?, ?)`,
			sv.ID, t.Lang, t.Name, t.Description, string(t.Status))
	}
}

func (w *writer) category(c content.PhraseCategory) {
	pv := c.Provenance
	w.exec(`INSERT INTO phrase_category (id, ord, publisher, source, more_sources, reviewed_on, review_by)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, c.ID, c.Order, pv.Publisher, pv.Source, moreSources(pv),
		pv.ReviewedOn.String(), pv.ReviewBy.String())
	for lang, name := range c.Names {
		w.exec(`INSERT INTO phrase_category_name (category, lang, name) VALUES (?, ?, ?)`, c.ID, lang, name)
	}
}

// phrase writes a phrase and its texts, with the folded text phrasebook
// search scans.
func (w *writer) phrase(ph content.Phrase) {
	w.exec(`INSERT INTO phrase (id, category, ord, answer, options) VALUES (?, ?, ?, ?, ?)`,
		ph.ID, ph.Category, ph.Order, string(ph.Answer), strings.Join(ph.Options, " "))
	for i, t := range ph.Texts {
		opts := make([]string, len(ph.Options))
		for j, o := range ph.Options {
			opts[j] = t.Options[o]
		}
		w.exec(`INSERT INTO phrase_text (phrase_id, lang, text, status, options, folded) VALUES (?, ?, ?, ?, ?, ?)`,
			ph.ID, t.Lang, t.Text, string(t.Status), strings.Join(opts, "\n"), w.rows[i].summary+"\n"+w.rows[i].body)
	}
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

// insertMany writes rows of width values each (args, one row after
// another) with statements of up to insertRows rows: a statement per row
// costs more in calls from Go than SQLite takes to write the row.
func (in *inserter) insertMany(head string, width int, args []any) {
	const insertRows = 100
	row := "(" + strings.Repeat("?, ", width-1) + "?)"
	for len(args) > 0 {
		n := min(len(args)/width, insertRows)
		in.exec(head+strings.TrimSuffix(strings.Repeat(row+", ", n), ", "), args[:n*width]...)
		args = args[n*width:]
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
	info := PackInfo{Origin: m["origin"], Hash: m["hash"]}
	var perr error
	info.Sequence, perr = strconv.ParseInt(m["sequence"], 10, 64)
	if m["feed"] != "" {
		if err := json.Unmarshal([]byte(m["feed"]), &info.Feed); err != nil {
			perr = errors.Join(perr, fmt.Errorf("the feed record: %w", err))
		}
	}
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
