package store

import (
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"safar.app/safar/content"
	"safar.app/safar/content/fold"
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

// Install verifies p completely, then replaces all content with it in one
// transaction: a reader sees the old content or the new, never a mix. If p
// has any error, nothing is written and the error lists every problem.
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

func replace(tx *sql.Tx, p *content.Pack, info PackInfo) error {
	for _, t := range contentTables {
		if _, err := tx.Exec(`DELETE FROM ` + t); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(`INSERT INTO translation_fts (translation_fts) VALUES ('delete-all')`); err != nil {
		return err
	}
	folded := foldAll(p)
	ins := inserter{tx: tx, stmts: map[string]*sql.Stmt{}}
	defer ins.close()
	for _, c := range p.Countries {
		role := c.Role
		if role == "" {
			role = content.RoleDestination
		}
		ins.exec(`INSERT INTO country (code, role) VALUES (?, ?)`, c.Code, role)
		for lang, n := range c.Names {
			ins.exec(`INSERT INTO name (ref, lang, name) VALUES (?, ?, ?)`, c.Code, lang, n)
		}
		for _, r := range c.Regions {
			ins.exec(`INSERT INTO region (country, code) VALUES (?, ?)`, c.Code, r.Code)
			for lang, n := range r.Names {
				ins.exec(`INSERT INTO name (ref, lang, name) VALUES (?, ?, ?)`, c.Code+"/"+r.Code, lang, n)
			}
		}
	}
	var translationID int64
	next := 0 // index into folded, in the order foldAll visits texts
	for _, it := range p.Items {
		stages := make([]string, len(it.Stages))
		for i, st := range it.Stages {
			stages[i] = string(st)
		}
		pv := it.Provenance
		ins.exec(`INSERT INTO item (id, country, region, kind, slug, stages, original_lang,
			publisher, source, reviewed_on, review_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			it.ID, it.Country, it.Region, string(it.Kind), it.Slug, strings.Join(stages, " "),
			it.OriginalLang, pv.Publisher, pv.Source, pv.ReviewedOn.String(), pv.ReviewBy.String())
		scope := "cc" + it.Country
		for _, t := range it.Translations {
			translationID++
			ins.exec(`INSERT INTO translation (id, item_id, lang, title, summary, body, status)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, translationID, it.ID, t.Lang, t.Title, t.Summary, t.Body, string(t.Status))
			ins.exec(`INSERT INTO translation_fts (rowid, title, summary, body, scope) VALUES (?, ?, ?, ?, ?)`,
				translationID, folded[next], folded[next+1], folded[next+2], scope)
			next += 3
		}
	}
	for _, h := range p.Hotlines {
		pv := h.Provenance
		ins.exec(`INSERT INTO hotline (id, country, number, purpose, hours, languages,
			publisher, source, reviewed_on, review_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			h.ID, h.Country, h.Number, string(h.Purpose), h.Hours, strings.Join(h.Languages, " "),
			pv.Publisher, pv.Source, pv.ReviewedOn.String(), pv.ReviewBy.String())
		for _, t := range h.Texts {
			ins.exec(`INSERT INTO hotline_text (hotline_id, lang, label, note, status) VALUES (?, ?, ?, ?, ?)`,
				h.ID, t.Lang, t.Label, t.Note, string(t.Status))
		}
	}
	for _, sv := range p.Services {
		pv := sv.Provenance
		ins.exec(`INSERT INTO service (id, country, region, kind, phone, website, address, hours,
			languages, lat, lon, publisher, source, reviewed_on, review_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			sv.ID, sv.Country, sv.Region, string(sv.Kind), sv.Phone, sv.Website, sv.Address, sv.Hours,
			strings.Join(sv.Languages, " "), sv.Lat, sv.Lon,
			pv.Publisher, pv.Source, pv.ReviewedOn.String(), pv.ReviewBy.String())
		for _, t := range sv.Texts {
			ins.exec(`INSERT INTO service_text (service_id, lang, name, description, status) VALUES (?, ?, ?, ?, ?)`,
				sv.ID, t.Lang, t.Name, t.Description, string(t.Status))
		}
	}
	for _, c := range p.PhraseCategories {
		pv := c.Provenance
		ins.exec(`INSERT INTO phrase_category (id, ord, publisher, source, reviewed_on, review_by)
			VALUES (?, ?, ?, ?, ?, ?)`, c.ID, c.Order, pv.Publisher, pv.Source, pv.ReviewedOn.String(), pv.ReviewBy.String())
		for lang, name := range c.Names {
			ins.exec(`INSERT INTO phrase_category_name (category, lang, name) VALUES (?, ?, ?)`, c.ID, lang, name)
		}
	}
	for _, ph := range p.Phrases {
		ins.exec(`INSERT INTO phrase (id, category, ord, answer, options) VALUES (?, ?, ?, ?, ?)`,
			ph.ID, ph.Category, ph.Order, string(ph.Answer), strings.Join(ph.Options, " "))
		for _, t := range ph.Texts {
			opts := make([]string, len(ph.Options))
			for i, o := range ph.Options {
				opts[i] = t.Options[o]
			}
			joined := strings.Join(opts, "\n")
			ins.exec(`INSERT INTO phrase_text (phrase_id, lang, text, status, options, folded) VALUES (?, ?, ?, ?, ?, ?)`,
				ph.ID, t.Lang, t.Text, string(t.Status), joined, folded[next])
			next++
		}
	}
	if ins.err != nil {
		return ins.err
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

// phraseSearchText is what phrase search matches: the text and its options.
func phraseSearchText(ph content.Phrase, t content.PhraseText) string {
	opts := make([]string, len(ph.Options))
	for i, o := range ph.Options {
		opts[i] = t.Options[o]
	}
	return t.Text + "\n" + strings.Join(opts, "\n")
}

// foldAll folds every text the index needs, on every core: folding is most
// of an install's time, and the transaction that follows is single-threaded.
// The order is that of replace: each translation's title, summary and body,
// then each phrase text.
func foldAll(p *content.Pack) []string {
	var in []string
	for _, it := range p.Items {
		for _, t := range it.Translations {
			in = append(in, t.Title, t.Summary, t.Body)
		}
	}
	for _, ph := range p.Phrases {
		for _, t := range ph.Texts {
			in = append(in, phraseSearchText(ph, t))
		}
	}
	out := make([]string, len(in))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(in); i += workers {
				out[i] = fold.Fold(in[i])
			}
		}(w)
	}
	wg.Wait()
	return out
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
