package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"safar.app/safar/content"
)

// What changed: every install over earlier content records which items,
// hotlines and services it added, changed or removed, so that the app can
// tell the reader what is new (the app copies each record into user.db,
// which outlives content.db). The record is kept in meta, in the install's
// own transaction, so it is never lost between the install and the copy:
// a `safar sync` with no window, or a crash, leaves it for the next start.

// How an install changed a unit.
const (
	Added   = "added"
	Changed = "changed"
	Removed = "removed"
)

// ItemChange is one item, hotline or service that an install added,
// changed or removed.
type ItemChange struct {
	Type    string          `json:"type"` // TypeItem, TypeHotline or TypeService
	ID      string          `json:"id"`
	Country string          `json:"country"`
	Kind    content.Kind    `json:"kind,omitempty"` // an item's or service's kind
	Purpose content.Purpose `json:"purpose,omitempty"`
	Stages  []content.Stage `json:"stages,omitempty"` // an item's; none: every stage
	Change  string          `json:"change"`           // Added, Changed or Removed
	// Titles are the title (a hotline's label, a service's name) in each
	// language: the new ones, or the last ones of a removed unit.
	Titles map[string]string `json:"titles"`
	// OldNumber and NewNumber are a hotline's number or a service's phone
	// before and after, set only when it changed.
	OldNumber string `json:"old_number,omitempty"`
	NewNumber string `json:"new_number,omitempty"`
}

// NumberChanged says a number people call changed.
func (c ItemChange) NumberChanged() bool {
	return c.Change == Changed && c.OldNumber != c.NewNumber
}

// ChangeSet is what one install changed.
type ChangeSet struct {
	InstalledAt time.Time    `json:"installed_at"`
	Origin      string       `json:"origin"`
	Sequence    int64        `json:"sequence"`
	Changes     []ItemChange `json:"changes"`
}

// keptChangeSets is how many installs' records content.db keeps: enough
// for several syncs run with no window (`safar sync`) before the app
// copies them.
const keptChangeSets = 20

// ChangeSets lists what the last installs over earlier content changed,
// oldest first. An install with no visible change records nothing, and
// the first install into an empty content.db is not a change.
func (s *Store) ChangeSets() ([]ChangeSet, error) {
	var data string
	err := s.db.QueryRow(`SELECT value FROM meta WHERE key = 'changes'`).Scan(&data)
	if err == sql.ErrNoRows || data == "" {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var sets []ChangeSet
	if err := json.Unmarshal([]byte(data), &sets); err != nil {
		return nil, fmt.Errorf("the record of what changed: %w", err)
	}
	return sets, nil
}

// recordChanges adds what this install changed to the record in meta.
func recordChanges(tx *sql.Tx, set ChangeSet) error {
	if len(set.Changes) == 0 {
		return nil
	}
	var sets []ChangeSet
	var data string
	if err := tx.QueryRow(`SELECT value FROM meta WHERE key = 'changes'`).Scan(&data); err == nil && data != "" {
		// A damaged record only loses the older entries: the new one matters.
		if json.Unmarshal([]byte(data), &sets) != nil {
			sets = nil
		}
	}
	sets = append(sets, set)
	if len(sets) > keptChangeSets {
		sets = sets[len(sets)-keptChangeSets:]
	}
	out, err := json.Marshal(sets)
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT OR REPLACE INTO meta (key, value) VALUES ('changes', ?)`, string(out))
	return err
}

// visible is what a reader sees of a unit: two versions that look the same
// to a reader are not a change, whatever else differs (the search index,
// a review date pushed back).
type visible struct {
	ItemChange
	Fields []string          // region, kind, stages, number, hours, address, ...
	Texts  map[string]string // lang → every text in that language, joined
}

func (v visible) same(o visible) bool {
	if strings.Join(v.Fields, "\x00") != strings.Join(o.Fields, "\x00") || len(v.Texts) != len(o.Texts) {
		return false
	}
	for l, t := range v.Texts {
		if o.Texts[l] != t {
			return false
		}
	}
	return true
}

// diff compares the units that are about to be written or removed with
// what content.db holds, and says which changed for a reader.
func diff(tx *sql.Tx, p *content.Pack, candidates map[unitKey]bool) ([]ItemChange, error) {
	if len(candidates) == 0 {
		return nil, nil
	}
	before, err := readVisible(tx, candidates)
	if err != nil {
		return nil, fmt.Errorf("read what is installed: %w", err)
	}
	after := map[unitKey]visible{}
	for _, it := range p.Items {
		if k := (unitKey{TypeItem, it.ID}); candidates[k] {
			after[k] = visibleItem(it)
		}
	}
	for _, h := range p.Hotlines {
		if k := (unitKey{TypeHotline, h.ID}); candidates[k] {
			after[k] = visibleHotline(h)
		}
	}
	for _, sv := range p.Services {
		if k := (unitKey{TypeService, sv.ID}); candidates[k] {
			after[k] = visibleService(sv)
		}
	}
	var out []ItemChange
	for k := range candidates {
		old, had := before[k]
		now, has := after[k]
		switch {
		case had && has:
			if old.same(now) {
				continue
			}
			c := now.ItemChange
			c.Change = Changed
			if old.OldNumber != now.OldNumber {
				c.OldNumber, c.NewNumber = old.OldNumber, now.OldNumber
			} else {
				c.OldNumber = ""
			}
			out = append(out, c)
		case has:
			c := now.ItemChange
			c.Change, c.OldNumber = Added, ""
			out = append(out, c)
		case had:
			c := old.ItemChange
			c.Change, c.OldNumber = Removed, ""
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Type != out[j].Type {
			return out[i].Type < out[j].Type
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// The visible form of each unit, from the pack. OldNumber carries the
// number until diff tells old from new.

func visibleItem(it content.Item) visible {
	v := visible{ItemChange: ItemChange{Type: TypeItem, ID: it.ID, Country: it.Country, Kind: it.Kind,
		Stages: it.Stages, Titles: map[string]string{}}, Texts: map[string]string{}}
	stages := make([]string, len(it.Stages))
	for i, s := range it.Stages {
		stages[i] = string(s)
	}
	v.Fields = []string{it.Region, string(it.Kind), strings.Join(stages, " "), it.Provenance.Publisher, it.Provenance.Source}
	for _, t := range it.Translations {
		v.Titles[t.Lang] = t.Title
		v.Texts[t.Lang] = strings.Join([]string{t.Title, t.Summary, t.Body, string(t.Status)}, "\x00")
	}
	return v
}

func visibleHotline(h content.Hotline) visible {
	v := visible{ItemChange: ItemChange{Type: TypeHotline, ID: h.ID, Country: h.Country, Purpose: h.Purpose,
		OldNumber: h.Number, Titles: map[string]string{}}, Texts: map[string]string{}}
	v.Fields = []string{h.Number, string(h.Purpose), h.Hours, strings.Join(h.Languages, " "), h.Provenance.Publisher, h.Provenance.Source}
	for _, t := range h.Texts {
		v.Titles[t.Lang] = t.Label
		v.Texts[t.Lang] = strings.Join([]string{t.Label, t.Note, string(t.Status)}, "\x00")
	}
	return v
}

func visibleService(sv content.Service) visible {
	v := visible{ItemChange: ItemChange{Type: TypeService, ID: sv.ID, Country: sv.Country, Kind: sv.Kind,
		OldNumber: sv.Phone, Titles: map[string]string{}}, Texts: map[string]string{}}
	v.Fields = []string{sv.Region, string(sv.Kind), sv.Phone, sv.Website, sv.Address, sv.Hours,
		strings.Join(sv.Languages, " "), fmt.Sprint(sv.Lat, sv.Lon), sv.Provenance.Publisher, sv.Provenance.Source}
	for _, t := range sv.Texts {
		v.Titles[t.Lang] = t.Name
		v.Texts[t.Lang] = strings.Join([]string{t.Name, t.Description, string(t.Status)}, "\x00")
	}
	return v
}

// among limits a query to the rows whose column col is one of ids; with
// many ids (an install that rewrites everything) it reads every row, which
// is then quicker than a long IN list.
func among[T any](col string, ids map[string]T) (string, []any) {
	if len(ids) > 500 {
		return "", nil
	}
	args := make([]any, 0, len(ids))
	for id := range ids {
		args = append(args, id)
	}
	return ` WHERE ` + col + ` IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + `)`, args
}

// readVisible reads the visible form of the candidate units content.db
// holds, in the same shape as the visible* functions make from a pack.
func readVisible(tx *sql.Tx, candidates map[unitKey]bool) (map[unitKey]visible, error) {
	out := map[unitKey]visible{}
	items := map[string]*content.Item{}
	hotlines := map[string]*content.Hotline{}
	services := map[string]*content.Service{}
	for k := range candidates {
		switch k.kind {
		case TypeItem:
			items[k.id] = nil
		case TypeHotline:
			hotlines[k.id] = nil
		case TypeService:
			services[k.id] = nil
		}
	}
	if len(items) > 0 {
		where, args := among("id", items)
		rows, err := tx.Query(`SELECT id, country, region, kind, stages, publisher, source FROM item`+where, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var it content.Item
			var kind, stages string
			if err := rows.Scan(&it.ID, &it.Country, &it.Region, &kind, &stages, &it.Provenance.Publisher, &it.Provenance.Source); err != nil {
				rows.Close()
				return nil, err
			}
			if _, want := items[it.ID]; !want {
				continue
			}
			it.Kind = content.Kind(kind)
			for _, s := range strings.Fields(stages) {
				it.Stages = append(it.Stages, content.Stage(s))
			}
			items[it.ID] = &it
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		where, args = among("item_id", items)
		rows, err = tx.Query(`SELECT item_id, lang, title, summary, body, status FROM translation`+where, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, status string
			var t content.Translation
			if err := rows.Scan(&id, &t.Lang, &t.Title, &t.Summary, &t.Body, &status); err != nil {
				rows.Close()
				return nil, err
			}
			if it := items[id]; it != nil {
				t.Status = content.Status(status)
				it.Translations = append(it.Translations, t)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for id, it := range items {
			if it != nil {
				out[unitKey{TypeItem, id}] = visibleItem(*it)
			}
		}
	}
	if len(hotlines) > 0 {
		where, args := among("id", hotlines)
		rows, err := tx.Query(`SELECT id, country, number, purpose, hours, languages, publisher, source FROM hotline`+where, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var h content.Hotline
			var purpose, langs string
			if err := rows.Scan(&h.ID, &h.Country, &h.Number, &purpose, &h.Hours, &langs, &h.Provenance.Publisher, &h.Provenance.Source); err != nil {
				rows.Close()
				return nil, err
			}
			if _, want := hotlines[h.ID]; !want {
				continue
			}
			h.Purpose, h.Languages = content.Purpose(purpose), strings.Fields(langs)
			hotlines[h.ID] = &h
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		where, args = among("hotline_id", hotlines)
		rows, err = tx.Query(`SELECT hotline_id, lang, label, note, status FROM hotline_text`+where, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, status string
			var t content.HotlineText
			if err := rows.Scan(&id, &t.Lang, &t.Label, &t.Note, &status); err != nil {
				rows.Close()
				return nil, err
			}
			if h := hotlines[id]; h != nil {
				t.Status = content.Status(status)
				h.Texts = append(h.Texts, t)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for id, h := range hotlines {
			if h != nil {
				out[unitKey{TypeHotline, id}] = visibleHotline(*h)
			}
		}
	}
	if len(services) > 0 {
		where, args := among("id", services)
		rows, err := tx.Query(`SELECT id, country, region, kind, phone, website, address, hours, languages, lat, lon,
			publisher, source FROM service`+where, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var sv content.Service
			var kind, langs string
			if err := rows.Scan(&sv.ID, &sv.Country, &sv.Region, &kind, &sv.Phone, &sv.Website, &sv.Address, &sv.Hours,
				&langs, &sv.Lat, &sv.Lon, &sv.Provenance.Publisher, &sv.Provenance.Source); err != nil {
				rows.Close()
				return nil, err
			}
			if _, want := services[sv.ID]; !want {
				continue
			}
			sv.Kind, sv.Languages = content.Kind(kind), strings.Fields(langs)
			services[sv.ID] = &sv
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		where, args = among("service_id", services)
		rows, err = tx.Query(`SELECT service_id, lang, name, description, status FROM service_text`+where, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, status string
			var t content.ServiceText
			if err := rows.Scan(&id, &t.Lang, &t.Name, &t.Description, &status); err != nil {
				rows.Close()
				return nil, err
			}
			if sv := services[id]; sv != nil {
				t.Status = content.Status(status)
				sv.Texts = append(sv.Texts, t)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for id, sv := range services {
			if sv != nil {
				out[unitKey{TypeService, id}] = visibleService(*sv)
			}
		}
	}
	return out, nil
}
