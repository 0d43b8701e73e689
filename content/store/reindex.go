package store

import (
	"database/sql"
	"errors"
	"strings"

	"safar.app/safar/content"
)

// reindex rebuilds the search index from the stored content when a
// migration has asked for it (meta "reindex"): content that came from a
// sync stays searchable across an upgrade without being fetched again. It
// reads the stored content back into a pack and installs it, so the index
// is made by the same code as on any install.
func (s *Store) reindex() error {
	var flag string
	err := s.db.QueryRow(`SELECT value FROM meta WHERE key = 'reindex'`).Scan(&flag)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	info, err := s.Installed()
	noContent := errors.Is(err, ErrNoContent)
	if err != nil && !noContent {
		return err
	}
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if !noContent {
		p, err := storedPack(tx)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM unit`); err != nil {
			return err
		}
		// Content read back from the database was checked when it was
		// installed.
		if err := replace(tx, p, info, passed()); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(`DELETE FROM meta WHERE key = 'reindex'`); err != nil {
		return err
	}
	s.dropVocabulary()
	return tx.Commit()
}

// storedPack reads the content stored in the database back into a pack.
func storedPack(tx *sql.Tx) (*content.Pack, error) {
	p := &content.Pack{}
	var errs []error
	each := func(query string, scan func(*sql.Rows) error) {
		rows, err := tx.Query(query)
		if err != nil {
			errs = append(errs, err)
			return
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				errs = append(errs, err)
				return
			}
		}
		errs = append(errs, rows.Err())
	}
	date := func(s string) content.Date { d, _ := content.ParseDate(s); return d }

	countries := map[string]*content.Country{}
	each(`SELECT code, role FROM country ORDER BY code`, func(r *sql.Rows) error {
		var c content.Country
		var role string
		err := r.Scan(&c.Code, &role)
		c.Role, c.Names = content.Role(role), map[string]string{}
		p.Countries = append(p.Countries, c)
		return err
	})
	for i := range p.Countries {
		countries[p.Countries[i].Code] = &p.Countries[i]
	}
	each(`SELECT country, code FROM region ORDER BY country, code`, func(r *sql.Rows) error {
		var cc, code string
		err := r.Scan(&cc, &code)
		if c := countries[cc]; c != nil {
			c.Regions = append(c.Regions, content.Region{Code: code, Names: map[string]string{}})
		}
		return err
	})
	each(`SELECT ref, lang, name FROM name`, func(r *sql.Rows) error {
		var ref, lang, name string
		err := r.Scan(&ref, &lang, &name)
		cc, region, isRegion := strings.Cut(ref, "/")
		c := countries[cc]
		switch {
		case c == nil:
		case !isRegion:
			c.Names[lang] = name
		default:
			for i := range c.Regions {
				if c.Regions[i].Code == region {
					c.Regions[i].Names[lang] = name
				}
			}
		}
		return err
	})

	items := map[string]int{}
	each(`SELECT id, country, region, kind, slug, stages, original_lang, publisher, source, more_sources, reviewed_on, review_by
		FROM item ORDER BY id`, func(r *sql.Rows) error {
		var it content.Item
		var kind, stages, more, reviewed, reviewBy string
		err := r.Scan(&it.ID, &it.Country, &it.Region, &kind, &it.Slug, &stages, &it.OriginalLang,
			&it.Provenance.Publisher, &it.Provenance.Source, &more, &reviewed, &reviewBy)
		it.Provenance.MoreSources = splitSources(more)
		it.Kind, it.Provenance.ReviewedOn, it.Provenance.ReviewBy = content.Kind(kind), date(reviewed), date(reviewBy)
		for _, st := range splitList(stages) {
			it.Stages = append(it.Stages, content.Stage(st))
		}
		items[it.ID] = len(p.Items)
		p.Items = append(p.Items, it)
		return err
	})
	each(`SELECT item_id, lang, title, summary, body, status, terms FROM translation ORDER BY id`, func(r *sql.Rows) error {
		var id, status, terms string
		var t content.Translation
		err := r.Scan(&id, &t.Lang, &t.Title, &t.Summary, &t.Body, &status, &terms)
		t.Status = content.Status(status)
		if terms != "" {
			t.Terms = strings.Split(terms, "\n")
		}
		if i, ok := items[id]; ok {
			p.Items[i].Translations = append(p.Items[i].Translations, t)
		}
		return err
	})

	hotlines := map[string]int{}
	each(`SELECT id, country, number, purpose, hours, languages, publisher, source, more_sources, reviewed_on, review_by
		FROM hotline ORDER BY id`, func(r *sql.Rows) error {
		var h content.Hotline
		var purpose, langs, more, reviewed, reviewBy string
		err := r.Scan(&h.ID, &h.Country, &h.Number, &purpose, &h.Hours, &langs,
			&h.Provenance.Publisher, &h.Provenance.Source, &more, &reviewed, &reviewBy)
		h.Provenance.MoreSources = splitSources(more)
		h.Purpose, h.Languages = content.Purpose(purpose), splitList(langs)
		h.Provenance.ReviewedOn, h.Provenance.ReviewBy = date(reviewed), date(reviewBy)
		hotlines[h.ID] = len(p.Hotlines)
		p.Hotlines = append(p.Hotlines, h)
		return err
	})
	each(`SELECT hotline_id, lang, label, note, status FROM hotline_text`, func(r *sql.Rows) error {
		var id, status string
		var t content.HotlineText
		err := r.Scan(&id, &t.Lang, &t.Label, &t.Note, &status)
		t.Status = content.Status(status)
		if i, ok := hotlines[id]; ok {
			p.Hotlines[i].Texts = append(p.Hotlines[i].Texts, t)
		}
		return err
	})

	services := map[string]int{}
	each(`SELECT id, country, region, kind, phone, website, address, hours, languages, lat, lon,
		publisher, source, more_sources, reviewed_on, review_by FROM service ORDER BY id`, func(r *sql.Rows) error {
		var sv content.Service
		var kind, langs, more, reviewed, reviewBy string
		err := r.Scan(&sv.ID, &sv.Country, &sv.Region, &kind, &sv.Phone, &sv.Website, &sv.Address, &sv.Hours,
			&langs, &sv.Lat, &sv.Lon, &sv.Provenance.Publisher, &sv.Provenance.Source, &more, &reviewed, &reviewBy)
		sv.Provenance.MoreSources = splitSources(more)
		sv.Kind, sv.Languages = content.Kind(kind), splitList(langs)
		sv.Provenance.ReviewedOn, sv.Provenance.ReviewBy = date(reviewed), date(reviewBy)
		services[sv.ID] = len(p.Services)
		p.Services = append(p.Services, sv)
		return err
	})
	each(`SELECT service_id, lang, name, description, status FROM service_text`, func(r *sql.Rows) error {
		var id, status string
		var t content.ServiceText
		err := r.Scan(&id, &t.Lang, &t.Name, &t.Description, &status)
		t.Status = content.Status(status)
		if i, ok := services[id]; ok {
			p.Services[i].Texts = append(p.Services[i].Texts, t)
		}
		return err
	})

	categories := map[string]int{}
	each(`SELECT id, ord, publisher, source, more_sources, reviewed_on, review_by FROM phrase_category ORDER BY ord, id`, func(r *sql.Rows) error {
		var c content.PhraseCategory
		var more, reviewed, reviewBy string
		err := r.Scan(&c.ID, &c.Order, &c.Provenance.Publisher, &c.Provenance.Source, &more, &reviewed, &reviewBy)
		c.Provenance.MoreSources = splitSources(more)
		c.Provenance.ReviewedOn, c.Provenance.ReviewBy, c.Names = date(reviewed), date(reviewBy), map[string]string{}
		categories[c.ID] = len(p.PhraseCategories)
		p.PhraseCategories = append(p.PhraseCategories, c)
		return err
	})
	each(`SELECT category, lang, name FROM phrase_category_name`, func(r *sql.Rows) error {
		var id, lang, name string
		err := r.Scan(&id, &lang, &name)
		if i, ok := categories[id]; ok {
			p.PhraseCategories[i].Names[lang] = name
		}
		return err
	})
	phrases := map[string]int{}
	each(`SELECT id, category, ord, answer, options FROM phrase ORDER BY category, ord, id`, func(r *sql.Rows) error {
		var ph content.Phrase
		var answer, options string
		err := r.Scan(&ph.ID, &ph.Category, &ph.Order, &answer, &options)
		ph.Answer, ph.Options = content.AnswerKind(answer), splitList(options)
		phrases[ph.ID] = len(p.Phrases)
		p.Phrases = append(p.Phrases, ph)
		return err
	})
	each(`SELECT phrase_id, lang, text, status, options FROM phrase_text`, func(r *sql.Rows) error {
		var id, status, options string
		var t content.PhraseText
		err := r.Scan(&id, &t.Lang, &t.Text, &status, &options)
		t.Status = content.Status(status)
		i, ok := phrases[id]
		if !ok {
			return err
		}
		ph := &p.Phrases[i]
		if len(ph.Options) > 0 {
			t.Options = map[string]string{}
			for j, text := range strings.Split(options, "\n") {
				if j < len(ph.Options) {
					t.Options[ph.Options[j]] = text
				}
			}
		}
		ph.Texts = append(ph.Texts, t)
		return err
	})

	concepts := map[string]int{}
	each(`SELECT concept, lang, term FROM synonym ORDER BY rowid`, func(r *sql.Rows) error {
		var id, lang, term string
		err := r.Scan(&id, &lang, &term)
		i, ok := concepts[id]
		if !ok {
			i = len(p.Synonyms)
			concepts[id] = i
			p.Synonyms = append(p.Synonyms, content.Concept{ID: id, Terms: map[string][]string{}})
		}
		p.Synonyms[i].Terms[lang] = append(p.Synonyms[i].Terms[lang], term)
		return err
	})
	return p, errors.Join(errs...)
}
